#!/bin/sh
# The playground's browser test drives Debian's Chromium. Install it when we can (root with apt-get);
# otherwise say so: that one test then skips with its reason, and everything else still runs.
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Chromium for the browser test (Debian package)..."
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null \
    && exit 0
  echo "could not install Chromium; the browser test will be skipped"
else
  echo "Chromium not found and not root: the browser test will be skipped (apt-get install chromium)"
fi
exit 0
