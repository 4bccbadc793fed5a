#!/usr/bin/env bash
# Looks at the lesson's documentation as a reader does: serves the static site `make docs` builds
# (.build-docs/going_modular, from generated/going_modular/GoingModular.docc) on loopback only, and opens it in
# headless Chromium (Debian's `chromium`; scripts/install-deps.sh docs installs it).
#
#   scripts/docs-preview.sh --check            dumps the page's DOM after its scripts ran (DocC renders in
#                                              JavaScript) and checks that the lesson's title, its section headings
#                                              and the Swift listing of TinyVGG are on it (`make docs` runs this)
#   scripts/docs-preview.sh --screenshot FILE  saves a 1280×900 screenshot of the page (the README shows one:
#                                              docs/going-modular-lesson.png)
#   scripts/docs-preview.sh --serve            serves the site until interrupted and prints the page's address
#
# SITE (the built site) and PAGE (the page under it) choose what is shown. Exit codes: 0 ok; 1 the page lacks what
# --check looks for; 2 no site, no chromium, or the server did not start.
set -euo pipefail
cd "$(dirname "$0")/.."
site=${SITE:-.build-docs/going_modular}
page=${PAGE:-documentation/05_going_modular/}
mode=${1:-}
case "$mode" in
    --check | --serve) ;;
    --screenshot) [ -n "${2:-}" ] || { echo "docs-preview: --screenshot needs a FILE.png" >&2; exit 2; } ;;
    *) echo "usage: scripts/docs-preview.sh --check | --screenshot FILE.png | --serve" >&2; exit 2 ;;
esac
[ -f "$site/index.html" ] || { echo "docs-preview: no built site in $site: run make docs first" >&2; exit 2; }
chromium=${CHROMIUM:-chromium}
if [ "$mode" != --serve ] && ! command -v "$chromium" >/dev/null; then
    echo "docs-preview: $chromium is not installed: scripts/install-deps.sh docs" >&2
    exit 2
fi

work=$(mktemp -d)
server=""
cleanup() {
    [ -z "$server" ] || kill "$server" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
trap "exit 130" INT TERM

# Port 0: the system picks a free port, which http.server prints (unbuffered, -u) as it starts.
python3 -u -m http.server 0 --bind 127.0.0.1 --directory "$site" >"$work/server.log" 2>&1 &
server=$!
port=""
for _ in $(seq 1 100); do
    port=$(sed -n 's/^Serving HTTP on 127\.0\.0\.1 port \([0-9]*\).*/\1/p' "$work/server.log")
    [ -z "$port" ] || break
    kill -0 "$server" 2>/dev/null || break
    sleep 0.1
done
[ -n "$port" ] || { cat "$work/server.log" >&2; echo "docs-preview: the server did not start" >&2; exit 2; }
url="http://127.0.0.1:$port/$page"

if [ "$mode" = --serve ]; then
    echo "docs-preview: $url (Ctrl-C stops)"
    wait "$server"
    exit 0
fi

# Root cannot use Chromium's sandbox (CI containers run as root).
flags=(--headless --disable-gpu --hide-scrollbars --no-first-run --virtual-time-budget=15000)
[ "$(id -u)" -ne 0 ] || flags+=(--no-sandbox)

if [ "$mode" = --screenshot ]; then
    out=$(realpath -m "$2")
    timeout 120 "$chromium" "${flags[@]}" --window-size=1280,900 --screenshot="$out" "$url" 2>"$work/chromium.log" \
        || { cat "$work/chromium.log" >&2; echo "docs-preview: chromium failed" >&2; exit 2; }
    [ -s "$out" ] || { echo "docs-preview: chromium wrote no screenshot" >&2; exit 2; }
    echo "docs-preview: $url -> $2"
    exit 0
fi

timeout 120 "$chromium" "${flags[@]}" --dump-dom "$url" >"$work/dom.html" 2>"$work/chromium.log" \
    || { cat "$work/chromium.log" >&2; echo "docs-preview: chromium failed" >&2; exit 2; }
python3 - "$work/dom.html" "$url" <<'EOF'
import sys
from html.parser import HTMLParser

class Page(HTMLParser):
    """The text of the rendered page's headings and of its code listings (`div.code-listing` > `pre`)."""
    def __init__(self):
        super().__init__()
        self.headings, self.listings = [], []
        self.stack, self.heading, self.listing = [], None, None
    def handle_starttag(self, tag, attributes):
        classes = (dict(attributes).get("class") or "").split()
        self.stack.append((tag, "code-listing" in classes))
        if tag in ("h1", "h2", "h3"):
            self.heading = (tag, [])
        if tag == "pre" and any(listing for _, listing in self.stack[:-1]):
            self.listing = []
    def handle_endtag(self, tag):
        while self.stack:
            opened, _ = self.stack.pop()
            if opened == tag:
                break
        if tag in ("h1", "h2", "h3") and self.heading:
            self.headings.append((self.heading[0], "".join(self.heading[1]).strip()))
            self.heading = None
        if tag == "pre" and self.listing is not None:
            self.listings.append("".join(self.listing))
            self.listing = None
    def handle_data(self, data):
        if self.heading:
            self.heading[1].append(data)
        if self.listing is not None:
            self.listing.append(data)

path, url = sys.argv[1], sys.argv[2]
with open(path, encoding="utf-8") as f:
    page = Page()
    page.feed(f.read())
problems = []
if ("h1", "05 · Going modular, in Swift") not in page.headings:
    problems.append("no h1 '05 · Going modular, in Swift' (the notebook's first heading)")
sections = {text for tag, text in page.headings if tag == "h2"}
for wanted in ["Why modules beat notebook cells", "2. ModelBuilder: TinyVGG", "9. Tests", "10. Run it"]:
    if wanted not in sections:
        problems.append(f"no h2 {wanted!r}")
if not any("public final class TinyVGG: Module {" in listing for listing in page.listings):
    problems.append("no code listing holding TinyVGG's declaration")
if problems:
    print(f"docs-preview: {url}: " + "; ".join(problems), file=sys.stderr)
    print(f"  headings seen: {page.headings[:20]}", file=sys.stderr)
    sys.exit(1)
print(f"docs-preview: {url}: the title, {len(sections)} sections and {len(page.listings)} code listings rendered")
EOF
