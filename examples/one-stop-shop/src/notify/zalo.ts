import axios from 'axios';

const ZALO_OA_API = 'https://openapi.zalo.me/v3.0/oa/message/cs';

/** Gửi tin nhắn Zalo OA tới người dân. */
export async function guiZalo(userId: string, text: string) {
  await axios.post(
    ZALO_OA_API,
    { recipient: { user_id: userId }, message: { text } },
    { headers: { access_token: process.env.ZALO_OA_TOKEN } },
  );
}
