#!/bin/sh
# The headline figure of benchmarks/run.py measured from the outside, with the shell's clock
# and LibreOffice's own command line instead of dladocs' code:
#   --region all --pdf  against  --region all (no PDF) + soffice converting the same files,
#   one soffice per core, each with its own profile (warmed up before it is timed).
# Run from a project folder (the example: examples/webinaire-hauts-de-france), with the
# environment's python first on PATH or PYTHON set:
#   PYTHON=../../.venv/bin/python sh ../../benchmarks/floor_outside.sh
set -eu
PYTHON=${PYTHON:-python3}
SOFFICE=${SOFFICE:-soffice}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/dladocs-dehors-XXXXXX")
trap 'rm -rf "$WORK"' EXIT

now() { date +%s.%N; }
since() { awk -v end="$(now)" -v start="$1" 'BEGIN { printf "%.1f", end - start }'; }

build() {  # build OUT [--pdf]
    rm -rf "$1"
    out=$1
    shift
    "$PYTHON" -m dladocs build --region all --jobs 2 --quiet -o "$out" "$@" >/dev/null
}

start=$(now); build "$WORK/sans-pdf"; without=$(since "$start")

# The files dladocs converts: every DOCX and PPTX but the grid's (its PDF is drawn directly).
find "$WORK/sans-pdf" \( -name '*.docx' -o -name '*.pptx' \) ! -name 'grille*' | sort >"$WORK/all"
i=0
mkdir -p "$WORK/a" "$WORK/b"
while read -r file; do  # deal the files in turn to two folders: each gets half of every region's
    name=$(printf '%03d-%s' "$i" "$(basename "$file")")
    if [ $((i % 2)) -eq 0 ]; then cp "$file" "$WORK/a/$name"; else cp "$file" "$WORK/b/$name"; fi
    i=$((i + 1))
done <"$WORK/all"
files=$i
for side in a b; do  # a first start creates the profile: not part of a conversion
    "$SOFFICE" -env:UserInstallation="file://$WORK/profil-$side" --headless --version >/dev/null 2>&1 || true
done
start=$(now)
for side in a b; do
    "$SOFFICE" -env:UserInstallation="file://$WORK/profil-$side" --headless \
        --convert-to pdf --outdir "$WORK/pdf-$side" "$WORK/$side"/* >/dev/null 2>&1 &
done
wait
libreoffice=$(since "$start")

start=$(now); build "$WORK/avec-pdf" --pdf; with=$(since "$start")

floor=$(awk -v a="$without" -v b="$libreoffice" 'BEGIN { printf "%.1f", a + b }')
ratio=$(awk -v a="$with" -v b="$floor" 'BEGIN { printf "%.2f", a / b }')
printf '%s\n' "--region all --pdf: ${with} s"
printf '%s\n' "floor: ${without} s without PDF + ${libreoffice} s soffice alone on the same ${files} files = ${floor} s"
printf '%s\n' "ratio to the floor: ${ratio}x (target <= 1.3x)"
