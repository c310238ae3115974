"""What the bundle leaves out: Python packages and Qt parts Factdesk never uses.

Factdesk's window needs QtCore, QtGui and QtWidgets, the platform plugins (X11, Wayland,
offscreen, Windows, Cocoa), input contexts (compose keys, input methods for Arabic or Turkish),
platform themes and the SVG icon/image plugins. Everything else Qt ships is dropped.
"""

from __future__ import annotations

import re
import sys

# Imported somewhere in the dependency tree, but never on a path Factdesk runs.
EXCLUDED_MODULES = [
    "tkinter", "_tkinter", "turtle", "pydoc_data", "lib2to3", "unittest", "test",
    "IPython", "matplotlib", "scipy", "pandas", "pytest", "_pytest", "pytestqt",
    "torch", "transformers", "sentence_transformers", "huggingface_hub", "hf_xet",
    "httpx", "httpx2", "httpcore", "httpcore2", "anyio", "fsspec", "tqdm",
    # a test tool, reached only through pydantic.v1's hypothesis plugin
    "hypothesis",
    # onnx (with protobuf and ml_dtypes) builds and checks ONNX files; the encoder writes its
    # graph itself (desktop/matching/semantic_onnx.py) and needs only onnxruntime, whose
    # Python module loads neither.
    "onnx", "ml_dtypes", "google.protobuf",
    # reportlab needs Pillow's core, but Factdesk's reports hold no images: no codecs
    # beyond the core's, no fonts or colour management through Pillow.
    "PIL._avif", "PIL._webp", "PIL._imagingft", "PIL._imagingcms", "PIL._imagingtk",
    "PIL._imagingmath", "PIL._imagingmorph", "PIL.ImageQt", "PIL.ImageTk",
    "lxml.objectify", "readline", "_testcapi", "_testbuffer", "_testinternalcapi",
    "_testmultiphase", "_testimportmultiple", "_testsinglephase", "_ctypes_test",
    "_xxtestfuzz", "xxlimited", "xxlimited_35", "numpy.f2py", "numpy.testing",
    "numpy.random",  # 2.5 MB; only onnxruntime's benchmark tools (not bundled) draw numbers
    "numpy._core._multiarray_tests", "pygments", "yaml", "_yaml",
    "PySide6.QtNetwork", "PySide6.QtQml", "PySide6.QtQuick", "PySide6.QtQuickWidgets",
    "PySide6.QtPdf", "PySide6.QtPdfWidgets", "PySide6.QtSql", "PySide6.QtTest",
    "PySide6.QtOpenGL", "PySide6.QtOpenGLWidgets", "PySide6.QtDesigner", "PySide6.QtUiTools",
    "PySide6.QtHelp", "PySide6.QtXml", "PySide6.QtConcurrent", "PySide6.QtSvgWidgets",
    "PySide6.QtPrintSupport", "PySide6.QtMultimedia", "PySide6.QtWebEngineCore",
]

# Destination paths (with / separators) of Qt files to leave out.
_DROP = [
    r"/translations/",  # Qt's own dialog translations; the interface is English
    r"/qml/", r"/metatypes/", r"/resources/qtwebengine",
    r"/plugins/(designer|qmllint|qmltooling|sqldrivers|tls|networkinformation|generic|"
    r"printsupport|vectorimageformats|egldeviceintegrations|"
    r"wayland-graphics-integration-server)/",
    r"/plugins/platforminputcontexts/[^/]*virtualkeyboard",
    # The GTK theme plugin drags in GTK, cairo, pango and friends (~20 MB); the desktop
    # portal theme and Qt's own style serve the same purpose.
    r"/plugins/platformthemes/[^/]*gtk",
    r"(^|/)lib(gtk|gdk|atk|atspi|cairo|pango|gdk_pixbuf|epoxy)[-_.]",
    r"/plugins/wayland-graphics-integration-client/[^/]*vulkan",
    r"(^|/)libQt6EglFs",
    r"(^|/)opengl32sw\.dll$",  # Windows: software OpenGL (20 MB); the widgets draw without GL
    # Only courlan's URL language filter reads babel's locales, and Factdesk never asks it
    # to; without the data it answers "unknown locale", which courlan handles.
    r"/babel/locale-data/(?!(root|en)\.dat$)",
    r"/plugins/imageformats/(?![^/]*q?svg)",  # keep only SVG (the icon); PNG is built in
    r"/plugins/platforms/[^/]*(vnc|linuxfb|eglfs|minimalegl|vkkhrdisplay)",
    # onnxruntime's C-API library (35 MB): its Python module carries the runtime linked in
    # and never loads it (no NEEDED entry; the wheel ships it for C/C++ users).
    r"/onnxruntime/capi/libonnxruntime\.so\.",
    # The system's Kerberos/GSSAPI libraries, collected only for QtNetwork (left out above);
    # libpq brings its own copies under psycopg_binary.libs/ with other names.
    r"^/(libgssapi_krb5|libkrb5|libk5crypto|libkrb5support|libcom_err|libkeyutils)\.so",
    r"(^|/)(lib)?Qt6?(Quick|Qml|Pdf|Designer|VirtualKeyboard|Multimedia|WebEngine|Charts|"
    r"DataVisualization|Graphs|3D|Sql|Test|Help|Bluetooth|Nfc|Positioning|Sensors|"
    r"SerialPort|RemoteObjects|Scxml|TextToSpeech|WebSockets|WebChannel|Location|"
    r"ShaderTools|SpatialAudio|StateMachine|UiTools|Labs|Network|PrintSupport|Svg"
    r"Widgets|OpenGLWidgets|Concurrent|Xml)",
]
# Libraries every Linux desktop has (the X11/Wayland client stack, fonts, GLib, D-Bus) are
# taken from the system, as AppImage's exclude list does: copies from the build machine can
# clash with the desktop's own configuration (fontconfig) or drivers (GL).
if sys.platform.startswith("linux"):
    _DROP.append(
        r"^/(libX[a-z0-9]*|libX11-xcb|libxcb[-a-z0-9]*|libxkbcommon[-a-z0-9]*|libfontconfig|libfreetype|"
        r"libharfbuzz|libgraphite2|libglib-2\.0|libgio-2\.0|libgobject-2\.0|libgmodule-2\.0|"
        r"libgthread-2\.0|libdbus-1|libsystemd|libgcrypt|libgpg-error|libEGL|libGL[A-Za-z]*|"
        r"libOpenGL|libwayland-[a-z]+|libpango[-a-z0-9]*|libcairo[-a-z]*|libpixman-1|"
        r"libfribidi|libthai|libdatrie|libmount|libblkid|libselinux|libpcre2-8|libuuid|"
        r"libpng16|libjpeg|libbsd|libmd|libcap|libzstd|liblz4|libbrotli[a-z]*|libexpat|"
        r"libdrm|libgbm)[-.0-9]*\.so")
_DROP_RE = re.compile("|".join(_DROP), re.IGNORECASE)


def dropped(dest: str) -> bool:
    """Whether a file bound for `dest` inside the bundle is left out."""
    return bool(_DROP_RE.search("/" + dest.replace("\\", "/")))


def drop_unused(toc: list) -> list:
    """A PyInstaller TOC (name, source, kind) without the entries `dropped` refuses."""
    return [entry for entry in toc if not dropped(entry[0])]
