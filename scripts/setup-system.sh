#!/usr/bin/env bash
# System packages jixiao needs beyond Python, for rendering the official documents:
#   - LibreOffice Writer (headless, no GUI) converts the DOCX report into PDF;
#   - CJK fonts stand in for the official 方正小标宋 / 黑体 / 楷体 / 仿宋 (see
#     src/jixiao/templates/fonts.conf for the fallback chain);
#   - poppler-utils (pdftoppm, pdffonts) lets the tests look at the rendered pages.
# Idempotent: packages already installed are skipped, and `apt-get update` runs once, only
# when something is missing. Runs as root in CI; elsewhere it uses sudo when available.
set -euo pipefail

PACKAGES=(
  libreoffice-writer-nogui # soffice --headless --convert-to pdf
  libreoffice-calc-nogui   # the workbook tests re-save a filled template with Calc, as a unit would
  fonts-noto-cjk           # Noto Serif/Sans CJK SC: 宋体/小标宋/仿宋 and 黑体 fallbacks
  fonts-wqy-zenhei         # WenQuanYi Zen Hei: the last fallback for any CJK text
  fonts-lxgw-wenkai        # LXGW WenKai: the 楷体 fallback for "（一）" headings
  fonts-liberation2        # Liberation Serif: Times New Roman metrics for digits and Latin text
  poppler-utils            # pdftoppm / pdffonts for the page tests
)

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
  echo "setup-system: 非 Debian/Ubuntu 系统，请手动安装：${PACKAGES[*]}" >&2
  exit 0
fi

missing=()
for pkg in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo)
  else
    echo "setup-system: 需要 root 权限安装：${missing[*]}" >&2
    exit 1
  fi
fi

echo "setup-system: 安装 ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
"${SUDO[@]}" fc-cache -f >/dev/null 2>&1 || true
