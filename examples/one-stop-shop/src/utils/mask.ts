/** 0790xxxxxx12 → ********0012-style masking: the last 4 digits only. */
export function maskCccd(soDinhDanh: string): string {
  return soDinhDanh.slice(-4).padStart(soDinhDanh.length, '*');
}

export function maskHoTen(hoTen: string): string {
  return hoTen
    .split(' ')
    .map((w) => `${w[0]}.`)
    .join(' ');
}
