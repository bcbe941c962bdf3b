"""A local HTTP stub of the edge for unit tests: scripted responses, every request recorded."""
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Dict, List, Optional, Tuple
from urllib.parse import parse_qs, urlsplit

Reply = Tuple[int, Any, Dict[str, str]]
Route = Callable[["Recorded"], Reply]


class Recorded:
    def __init__(self, method: str, path: str, query: Dict[str, List[str]], headers: Dict[str, str], body: Any) -> None:
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body

    def header(self, name: str) -> Optional[str]:
        return self.headers.get(name.lower())


class StubServer:
    """``stub.on("GET", "/path", reply)`` where reply is ``(status, body, headers)`` or a list of
    them (served in turn, the last one repeated) or a function of the recorded request."""

    def __init__(self) -> None:
        self.routes: Dict[Tuple[str, str], Any] = {}
        self.requests: List[Recorded] = []
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _serve(self) -> None:
                url = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                body = json.loads(raw) if raw else None
                recorded = Recorded(self.command, url.path, parse_qs(url.query), {k.lower(): v for k, v in self.headers.items()}, body)
                stub.requests.append(recorded)
                status, payload, headers = stub._reply(recorded)
                data = b"" if payload is None else json.dumps(payload).encode()
                self.send_response(status)
                content_type = "application/problem+json" if status >= 400 else "application/json"
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.send_header("X-Request-ID", f"req-{len(stub.requests)}")
                for key, value in headers.items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_DELETE = _serve

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)

    def on(self, method: str, path: str, reply: Any) -> None:
        self.routes[(method, path)] = list(reply) if isinstance(reply, list) else reply

    def _reply(self, recorded: Recorded) -> Reply:
        route = self.routes.get((recorded.method, recorded.path))
        if route is None:
            return 404, {"error": "no stub", "code": "not_found", "status": 404}, {}
        if callable(route):
            return route(recorded)
        if isinstance(route, list):
            return route.pop(0) if len(route) > 1 else route[0]
        return route

    def calls(self, method: str, path: str) -> List[Recorded]:
        return [r for r in self.requests if r.method == method and r.path == path]

    def __enter__(self) -> "StubServer":
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.server.shutdown()
        self.server.server_close()


def problem(status: int, code: str, error: str, **extra: Any) -> Dict[str, Any]:
    return {"type": f"urn:qilbee:problem:{code}", "title": error, "status": status, "detail": error, "code": code, "error": error, **extra}


def token_pair(n: int, expires_in: int = 900) -> Dict[str, Any]:
    return {
        "access_token": f"access-{n}", "token_type": "Bearer", "expires_in": expires_in,
        "refresh_token": f"refresh-{n}", "refresh_expires_in": 86400, "username": "alice", "user_id": "u-1",
    }
