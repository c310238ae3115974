"""One window per workspace: a second start on the same workspace raises the first window.

The first instance holds a lock file and listens on a local socket, both named after the
workspace (a hash of its path or password-less URL); a later instance finds the lock taken,
asks the first over the socket to come to the front, and exits.
"""

from __future__ import annotations

import hashlib

from PySide6.QtCore import QDir, QLockFile, QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

RAISE = b"raise\n"


def instance_key(url: str) -> str:
    from db.engine import describe

    return "factdesk-" + hashlib.sha256(describe(url).encode("utf-8")).hexdigest()[:20]


class InstanceGuard(QObject):
    """Held by the app that has the workspace open; `activated` when another start asks."""

    activated = Signal()

    def __init__(self, key: str, lock: QLockFile) -> None:
        super().__init__()
        self._lock = lock
        QLocalServer.removeServer(key)  # a socket left by a crashed instance (we hold the lock)
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.listen(key)
        self.server.newConnection.connect(self._on_connection)

    def _on_connection(self) -> None:
        while self.server.hasPendingConnections():
            sock = self.server.nextPendingConnection()
            sock.readyRead.connect(lambda s=sock: self._on_message(s))
            sock.disconnected.connect(sock.deleteLater)

    def _on_message(self, sock: QLocalSocket) -> None:
        if bytes(sock.readAll().data()).startswith(RAISE.strip()):
            self.activated.emit()

    def release(self) -> None:
        self.server.close()
        self._lock.unlock()


def claim(url: str) -> InstanceGuard | None:
    """The guard if this process may open `url`; None if another instance has it (and was
    asked to come to the front)."""
    key = instance_key(url)
    lock = QLockFile(QDir.temp().filePath(key + ".lock"))
    lock.setStaleLockTime(0)  # stale only when its process is gone
    if lock.tryLock(100):
        return InstanceGuard(key, lock)
    ask_to_raise(key)
    return None


def ask_to_raise(key: str, timeout_ms: int = 2000) -> bool:
    sock = QLocalSocket()
    sock.connectToServer(key)
    if not sock.waitForConnected(timeout_ms):
        return False
    sock.write(RAISE)
    sock.waitForBytesWritten(timeout_ms)
    sock.disconnectFromServer()
    return True


def bring_to_front(window: object) -> None:
    from PySide6.QtCore import Qt

    w = window  # a QMainWindow
    w.setWindowState((w.windowState() & ~Qt.WindowState.WindowMinimized)  # type: ignore[attr-defined]
                     | Qt.WindowState.WindowActive)
    w.show()  # type: ignore[attr-defined]
    w.raise_()  # type: ignore[attr-defined]
    w.activateWindow()  # type: ignore[attr-defined]
