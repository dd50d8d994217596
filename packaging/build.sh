#!/usr/bin/env bash
# Build a one-folder desktop bundle in dist/annotator (about 40 s, ~420 MB).
set -euo pipefail
cd "$(dirname "$0")/.."
make setup
.venv/bin/python -m pip install -q "pyinstaller>=6.10,<7"
.venv/bin/pyinstaller --noconfirm --clean --distpath dist --workpath build packaging/annotator.spec
install -Dm644 packaging/annotator.desktop dist/annotator/annotator.desktop
echo "Built dist/annotator/annotator; try: QT_QPA_PLATFORM=offscreen dist/annotator/annotator --demo --screenshot /tmp/a.png"
