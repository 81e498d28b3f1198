#!/usr/bin/env bash
# Fetches the ONNX Runtime shared library from its PyPI wheel (the only place a package
# registry serves it), verifies the wheel's sha256 and caches the library under
# .cache/onnxruntime/. Idempotent: does nothing when the verified library is already there.
# The verbatim binary looks there by itself (after ORT_DYLIB_PATH), so no variable is needed.
set -euo pipefail

ORT_VERSION=1.32.0
WHEEL=onnxruntime-${ORT_VERSION}-cp311-cp311-manylinux_2_28_x86_64.whl
WHEEL_SHA256=5a34fc4dfeb5a7b4a74c95dcba1e773d722abda720b474edf1b0c419dc6d163d
LIB=libonnxruntime.so.${ORT_VERSION}

root=$(cd "$(dirname "$0")/.." && pwd)
cache="$root/.cache/onnxruntime"
stamp="$cache/$LIB.sha256"

if [ -f "$stamp" ] && (cd "$cache" && sha256sum --quiet -c "$stamp" >/dev/null 2>&1); then
  exit 0
fi

if [ "$(uname -sm)" != "Linux x86_64" ]; then
  echo "fetch-onnxruntime: no pinned wheel for $(uname -sm); install ONNX Runtime ${ORT_VERSION} and set ORT_DYLIB_PATH" >&2
  exit 1
fi

python=$(command -v python3 || command -v python || true)
if [ -z "$python" ]; then
  echo "fetch-onnxruntime: python3 with pip is needed to download the onnxruntime wheel from PyPI" >&2
  exit 1
fi

mkdir -p "$cache"
tmp=$(mktemp -d "$cache/.fetch.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

echo "fetch-onnxruntime: downloading onnxruntime==${ORT_VERSION} wheel from PyPI" >&2
"$python" -m pip download --quiet --disable-pip-version-check --no-deps --only-binary=:all: \
  --python-version 3.11 --implementation cp --platform manylinux_2_28_x86_64 \
  "onnxruntime==${ORT_VERSION}" -d "$tmp"

echo "${WHEEL_SHA256}  $tmp/$WHEEL" | sha256sum --quiet -c - || {
  echo "fetch-onnxruntime: sha256 mismatch for $WHEEL; refusing to use it" >&2
  exit 1
}

"$python" - "$tmp/$WHEEL" "$tmp" "$LIB" <<'PY'
import sys, zipfile
wheel, dest, lib = sys.argv[1:4]
with zipfile.ZipFile(wheel) as z:
    for name in (f"onnxruntime/capi/{lib}", "onnxruntime/LICENSE", "onnxruntime/ThirdPartyNotices.txt"):
        with z.open(name) as src, open(f"{dest}/{name.rsplit('/', 1)[1]}", "wb") as out:
            out.write(src.read())
PY

mv "$tmp/LICENSE" "$cache/LICENSE"
mv "$tmp/ThirdPartyNotices.txt" "$cache/ThirdPartyNotices.txt"
mv "$tmp/$LIB" "$cache/$LIB"
ln -sf "$LIB" "$cache/libonnxruntime.so"
(cd "$cache" && sha256sum "$LIB" > "$LIB.sha256")
echo "$cache/$LIB" > "$cache/LOCATION"
echo "fetch-onnxruntime: ONNX Runtime ${ORT_VERSION} cached at $cache/$LIB" >&2
