# Shared by the scripts in scripts/: the repository root, apt and venv helpers.
# Sourced, never run.

ABLATE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export ABLATE_ROOT

# Debian packages the project needs: the native stack (libtorch, OpenBLAS, OpenCV,
# Clipper, FreeType, zlib, fonts, a word list), Fashion-MNIST (the classification data),
# headless Chromium for the HTML report tests, SQLite, PyTorch and torchvision for the
# cross-checks, Slurm and munge for the local cluster, and venv support for the reference tools.
ABLATE_APT_PACKAGES=(
    libsqlite3-dev
    libtorch-dev libopenblas0-openmp python3-torch python3-torchvision python3-venv python3-pip
    libopencv-core-dev libopencv-imgproc-dev libopencv-imgcodecs-dev
    libpolyclipping-dev libfreetype-dev zlib1g-dev
    dataset-fashion-mnist
    fonts-dejavu-core fonts-liberation2 fonts-noto-core wamerican
    chromium
)

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# Installs the packages given that are not installed yet; runs apt-get update once first.
apt_ensure() {
    local missing=()
    local pkg
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" -ne 0 ]; then
        log "missing packages: ${missing[*]}; run as root or install them with apt-get"
        return 1
    fi
    log "installing: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# The reference venv: Debian's python3 (so Debian's python3-torch over the same libtorch
# is visible) plus Hydra and friends from PyPI, then the packages of the second file with
# --no-deps (Lightning's loggers, tensorboardX: their requirements would pull a PyPI torch).
# Used by differential tests and benchmarks. The venv must keep Debian's torch: checked.
ABLATE_REF_VENV="$ABLATE_ROOT/.venv-ref"
ABLATE_REF_REQUIREMENTS="$ABLATE_ROOT/scripts/lib/reference-requirements.txt"
ABLATE_REF_REQUIREMENTS_NODEPS="$ABLATE_ROOT/scripts/lib/reference-requirements-nodeps.txt"

ref_venv_ensure() {
    local stamp="$ABLATE_REF_VENV/.requirements"
    local wanted
    wanted="$(cat "$ABLATE_REF_REQUIREMENTS" "$ABLATE_REF_REQUIREMENTS_NODEPS")"
    if [ -x "$ABLATE_REF_VENV/bin/python" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$wanted" ]; then
        return 0
    fi
    log "creating reference venv $ABLATE_REF_VENV"
    rm -rf "$ABLATE_REF_VENV"
    /usr/bin/python3 -m venv --system-site-packages "$ABLATE_REF_VENV"
    "$ABLATE_REF_VENV/bin/pip" install -q --disable-pip-version-check -r "$ABLATE_REF_REQUIREMENTS"
    "$ABLATE_REF_VENV/bin/pip" install -q --disable-pip-version-check --no-deps -r "$ABLATE_REF_REQUIREMENTS_NODEPS"
    local torch_file
    torch_file="$("$ABLATE_REF_VENV/bin/python" -c 'import torch; print(torch.__file__)')"
    case "$torch_file" in
        /usr/lib/python3/dist-packages/*) ;;
        *) log "the reference venv's torch is $torch_file, not Debian's python3-torch; fix the requirements"; return 1 ;;
    esac
    printf '%s' "$wanted" > "$stamp"
}

ABLATE_BIN="$ABLATE_ROOT/.build/release"
