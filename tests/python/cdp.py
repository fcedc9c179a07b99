"""A minimal Chrome DevTools Protocol client on the standard library alone (a WebSocket over a
socket), so the browser checks of the report need no package beyond pytest: one headless
Chromium started with --remote-debugging-port=0, one page attached in flat mode, commands sent
and events kept for the test to read."""
from __future__ import annotations

import base64
import json
import os
import pathlib
import socket
import struct
import subprocess
import time
import urllib.parse


class Browser:
    """Headless Chromium and one page of it. Events of the page are collected in ``events``
    (method, params) while commands wait for their answers."""

    def __init__(self, executable: str, profile: pathlib.Path, timeout: float = 60) -> None:
        self.timeout = timeout
        self.events: list[tuple[str, dict]] = []
        self._next = 0
        self.process = subprocess.Popen(
            [executable, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
             "--remote-debugging-port=0", f"--user-data-dir={profile}", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        active = profile / "DevToolsActivePort"
        deadline = time.monotonic() + timeout
        while not (active.exists() and len(active.read_text().splitlines()) >= 2):
            if time.monotonic() > deadline or self.process.poll() is not None:
                self.close()
                raise RuntimeError("chromium did not open its DevTools port")
            time.sleep(0.05)
        port, path = active.read_text().splitlines()[:2]
        self._connect("127.0.0.1", int(port), path)
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]

    # ---- the WebSocket (RFC 6455: client frames masked, server frames not) ----
    def _connect(self, host: str, port: int, path: str) -> None:
        self.sock = socket.create_connection((host, port), timeout=self.timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\n"
                           f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
                           ).encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.sock.recv(1)
            if not chunk:
                raise RuntimeError("DevTools closed the connection during the handshake")
            head += chunk
        if b" 101 " not in head.split(b"\r\n", 1)[0]:
            raise RuntimeError(f"DevTools refused the WebSocket: {head!r}")

    def _read(self, n: int) -> bytes:
        data = b""
        while len(data) < n:
            chunk = self.sock.recv(n - len(data))
            if not chunk:
                raise RuntimeError("DevTools closed the connection")
            data += chunk
        return data

    def _frame(self, opcode: int, payload: bytes) -> None:
        mask = os.urandom(4)
        n = len(payload)
        head = bytes([0x80 | opcode])
        head += bytes([0x80 | n]) if n < 126 else bytes([0x80 | 126]) + struct.pack(">H", n) if n < 65536 \
            else bytes([0x80 | 127]) + struct.pack(">Q", n)
        self.sock.sendall(head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))

    def _message(self) -> dict:
        data = b""
        while True:
            b0, b1 = self._read(2)
            n = b1 & 0x7F
            if n == 126:
                n = struct.unpack(">H", self._read(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", self._read(8))[0]
            payload = self._read(n)
            opcode = b0 & 0x0F
            if opcode == 9:
                self._frame(10, payload)
                continue
            if opcode == 8:
                raise RuntimeError("DevTools closed the connection")
            data += payload
            if b0 & 0x80:
                return json.loads(data)

    # ---- the protocol ----
    def send(self, method: str, params: dict | None = None, *, page: bool = False) -> dict:
        """Sends a command (to the page's session with ``page``) and returns its result."""
        self._next += 1
        message = {"id": self._next, "method": method, "params": params or {}}
        if page:
            message["sessionId"] = self.session
        self._frame(1, json.dumps(message).encode())
        while True:
            m = self._message()
            if m.get("id") == self._next:
                if "error" in m:
                    raise RuntimeError(f"{method}: {m['error']}")
                return m.get("result", {})
            if "method" in m:
                self.events.append((m["method"], m.get("params", {})))

    def page(self, method: str, params: dict | None = None) -> dict:
        return self.send(method, params, page=True)

    def wait_for(self, method: str) -> dict:
        """The first event `method` not yet seen, waiting for it."""
        deadline = time.monotonic() + self.timeout
        seen = 0
        while True:
            for name, params in self.events[seen:]:
                if name == method:
                    return params
            seen = len(self.events)
            if time.monotonic() > deadline:
                raise TimeoutError(method)
            m = self._message()
            if "method" in m:
                self.events.append((m["method"], m.get("params", {})))

    def open(self, url: str, width: int, height: int, *, mobile: bool = False) -> None:
        """Loads `url` in a viewport of width x height and waits for its load event; events
        of earlier pages are dropped."""
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.page(f"{domain}.enable")
        self.page("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})
        self.events.clear()
        self.page("Page.navigate", {"url": url})
        self.wait_for("Page.loadEventFired")

    def problems(self, url: str) -> list[str]:
        """Console errors, uncaught exceptions, error log entries (a Content-Security-Policy
        violation or a failed load shows here) and any request but the page's own."""
        found = []
        for name, p in self.events:
            if name == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
                found.append(f"console {p['type']}: {p.get('args')}")
            elif name == "Runtime.exceptionThrown":
                found.append(f"exception: {p.get('exceptionDetails', {}).get('text')}")
            elif name == "Log.entryAdded" and p["entry"].get("level") == "error":
                found.append(f"log ({p['entry'].get('source')}): {p['entry'].get('text')}")
            elif name == "Network.requestWillBeSent" and p["request"]["url"] != url:
                found.append(f"request: {p['request']['url']}")
            elif name == "Network.loadingFailed":
                found.append(f"load failed: {p.get('errorText')}")
        return found

    def evaluate(self, expression: str):
        """The value of a JavaScript expression in the page (DevTools evaluation, which the
        page's policy does not restrict; the page itself runs no script)."""
        r = self.page("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in r:
            raise RuntimeError(r["exceptionDetails"])
        return r["result"].get("value")

    def screenshot(self, clip: dict | None = None, scale: float = 1) -> bytes:
        params: dict = {"format": "png", "captureBeyondViewport": True}
        if clip:
            params["clip"] = {**clip, "scale": scale}
        return base64.b64decode(self.page("Page.captureScreenshot", params)["data"])

    def pdf(self) -> bytes:
        return base64.b64decode(self.page("Page.printToPDF", {"printBackground": True, "preferCSSPageSize": True,
                                                              "displayHeaderFooter": False})["data"])

    def fonts_of(self, selector: str) -> dict[str, int]:
        """The platform fonts Chromium drew the text of the elements matching `selector`
        with, and how many glyphs each drew."""
        self.page("DOM.enable")
        self.page("CSS.enable")
        root = self.page("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        fonts: dict[str, int] = {}
        for node in self.page("DOM.querySelectorAll", {"nodeId": root, "selector": selector})["nodeIds"]:
            for f in self.page("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]:
                fonts[f["familyName"]] = fonts.get(f["familyName"], 0) + f["glyphCount"]
        return fonts

    def close(self) -> None:
        try:
            if hasattr(self, "sock"):
                self.sock.close()
        finally:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def file_url(path: pathlib.Path) -> str:
    return "file://" + urllib.parse.quote(str(path.resolve()))
