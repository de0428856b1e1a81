# Sourced by bin/serve and bin/test: makes .venv with Python 3.11 and installs the project into it,
# again only when pyproject.toml changed.  Usage: . bin/_venv.sh [extras]
extras="${1:-}"
python_bin="$(command -v python3.11 || command -v python3)"
if [ ! -x .venv/bin/python ]; then
    "$python_bin" -m venv .venv
fi
stamp=".venv/.installed-$(sha1sum pyproject.toml | cut -c1-12)${extras:+-$extras}"
if [ ! -f "$stamp" ]; then
    .venv/bin/python -m pip install --quiet --no-warn-script-location --upgrade pip
    .venv/bin/python -m pip install --quiet --no-warn-script-location ".${extras:+[$extras]}"
    touch "$stamp"
fi
export PATH="$PWD/.venv/bin:$PATH"
