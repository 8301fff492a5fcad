#!/bin/sh
# Headless Chromium for the HTML report's browser test (test/browser/),
# from Debian's packages. Installs only when it is missing, so CI runs that
# already have it do not touch apt.
set -eu
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y chromium
