#!/usr/bin/env python3
"""Screenshot a page the way WebKitGTK (Foliate's engine) lays it out.

Usage: xvfb-run -a python3 tests/reader-matrix/webkit-shot.py URL OUT.png [WIDTH] [HEIGHT]

Loads URL (e.g. file:///tmp/page.xhtml) in a WebKitWebView of WIDTH x HEIGHT CSS pixels
(default 420 x 900), waits for load-finished plus a short delay for web fonts, and saves a PNG
of the full document. Exits non-zero with a message on a load error or after 60 s.
Debian packages: python3-gi python3-gi-cairo gir1.2-webkit2-4.1 (or -4.0) gir1.2-gtk-3.0 xvfb.
"""
import os
import sys

try:
    import gi
except ImportError:
    # A pyenv/venv python3 usually lacks PyGObject; re-run under Debian's own interpreter.
    if sys.executable != "/usr/bin/python3" and os.path.exists("/usr/bin/python3"):
        os.execv("/usr/bin/python3", ["/usr/bin/python3", *sys.argv])
    sys.exit("webkit-shot: PyGObject missing (apt-get install -y python3-gi)")

gi.require_version("Gtk", "3.0")
for api in ("4.1", "4.0"):  # either WebKit2GTK API flavour will do
    try:
        gi.require_version("WebKit2", api)
        break
    except ValueError:
        continue
else:
    sys.exit("webkit-shot: WebKit2 typelib missing (apt-get install -y gir1.2-webkit2-4.1)")
from gi.repository import GLib, Gtk, WebKit2  # noqa: E402

try:  # the snapshot arrives as a cairo.Surface, which needs gi's cairo converter
    gi.require_foreign("cairo")
except ImportError:
    sys.exit("webkit-shot: cairo support missing (apt-get install -y python3-gi-cairo)")

TIMEOUT_S = 60
FONT_DELAY_MS = 800


def main():
    if len(sys.argv) not in (3, 4, 5):
        sys.exit(__doc__.strip().splitlines()[2])
    url, out = sys.argv[1], sys.argv[2]
    width = int(sys.argv[3]) if len(sys.argv) > 3 else 420
    height = int(sys.argv[4]) if len(sys.argv) > 4 else 900
    if "://" not in url:  # accept a plain path too
        url = GLib.filename_to_uri(os.path.abspath(url), None)
    result = {"error": "timed out after %d s" % TIMEOUT_S}
    failed = []

    if not Gtk.init_check(sys.argv)[0]:
        sys.exit("webkit-shot: cannot open a display (run under xvfb-run -a)")
    # An offscreen window still gives the view a real allocation of the asked-for size.
    win = Gtk.OffscreenWindow()
    view = WebKit2.WebView()
    view.set_size_request(width, height)
    win.add(view)
    win.show_all()

    def finish(error=None):
        result["error"] = error
        Gtk.main_quit()
        return False

    def on_snapshot(v, res):
        try:
            surface = v.get_snapshot_finish(res)
            surface.write_to_png(out)
            finish()
        except Exception as e:  # GLib.Error or cairo.Error
            finish("snapshot failed: %s" % e)

    def take_snapshot():
        view.get_snapshot(WebKit2.SnapshotRegion.FULL_DOCUMENT,
                          WebKit2.SnapshotOptions.NONE, None, on_snapshot)
        return False

    def on_load_changed(v, event):
        if event == WebKit2.LoadEvent.FINISHED and not failed:
            GLib.timeout_add(FONT_DELAY_MS, take_snapshot)  # let fonts settle

    def on_load_failed(v, event, failing_uri, error):
        failed.append(error.message)  # FINISHED still follows; don't snapshot then
        GLib.idle_add(finish, "load failed: %s: %s" % (failing_uri, error.message))
        return True

    view.connect("load-changed", on_load_changed)
    view.connect("load-failed", on_load_failed)
    GLib.timeout_add_seconds(TIMEOUT_S, finish, result["error"])
    view.load_uri(url)
    Gtk.main()
    if result["error"]:
        sys.exit("webkit-shot: %s" % result["error"])


if __name__ == "__main__":
    main()
