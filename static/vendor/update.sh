#!/usr/bin/env bash
# Regenereert de gevendorde NL Design System CSS in static/vendor/ (aangeroepen door `make css`).
# Installeert exact de versies uit package-lock.json en kopieert de bestanden opnieuw.
set -euo pipefail

vendor_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$vendor_dir/../.." && pwd)"
cd "$repo_root"

npm ci --ignore-scripts --no-audit --no-fund

utrecht="node_modules/@utrecht/component-library-css"
tokens="node_modules/@nl-design-system-unstable/voorbeeld-design-tokens"

cp "$utrecht/dist/index.css" "$vendor_dir/utrecht-component-library.css"
cp "$tokens/dist/theme.css"  "$vendor_dir/voorbeeld-theme.css"
cp "$utrecht/LICENSE.md"     "$vendor_dir/LICENSE-utrecht-component-library.md"
cp "$tokens/LICENSE.md"      "$vendor_dir/LICENSE-voorbeeld-design-tokens.md"

# Geen externe bronnen: alleen data:-URI's zijn toegestaan, geen @import en geen @font-face.
for css in "$vendor_dir/utrecht-component-library.css" "$vendor_dir/voorbeeld-theme.css"; do
  if grep -nE 'url\(' "$css" | grep -vE "url\(\s*['\"]?data:" \
     || grep -nE '@import|@font-face' "$css"; then
    echo "update.sh: $css verwijst naar externe bronnen (zie regels hierboven); controleer dit." >&2
    exit 1
  fi
done

# Herinnering als README.md nog andere versies noemt dan er nu geïnstalleerd zijn.
for pkg in "$utrecht" "$tokens"; do
  name="$(node -p "require('./$pkg/package.json').name")"
  version="$(node -p "require('./$pkg/package.json').version")"
  echo "$name@$version"
  if ! grep -qF "$name@$version" "$vendor_dir/README.md"; then
    echo "update.sh: let op, werk de versie van $name bij in static/vendor/README.md ($version)." >&2
  fi
done
