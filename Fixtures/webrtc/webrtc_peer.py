#!/usr/bin/env python3
"""A real WebRTC peer (aiortc or headless Chromium) driven by JSON lines, for ICE interop tests.

Run with the peers' venv from the repository root (see README.md next to this file):

  .venv-peers/bin/python Fixtures/webrtc/webrtc_peer.py --peer aiortc
  .venv-peers/bin/python Fixtures/webrtc/webrtc_peer.py --peer chromium

Protocol (one JSON object per line; SDP text in JSON strings, CRLFs escaped):

  stdout {"ready": {...}}                      the peer is up (versions)
  stdin  {"role": "answer", "offer": SDP}      the peer answers that offer:
  stdout {"answer": SDP, "gathering": G}         after its ICE gathering completed (G "complete";
                                                 "quiet" for Chromium, see ChromiumPeer.start)
  stdin  {"role": "offer"}                     the peer makes an offer:
  stdout {"offer": SDP, "gathering": G}          the same
  stdin  {"answer": SDP}                         the answer to it
  stdout {"ice": STATE}                        every iceConnectionState change, only after the
                                               SDP line above (earlier ones are held back):
                                               checking, connected, completed, failed, ...
  stdout {"pair": {"local": "IP:PORT", "remote": "IP:PORT"}}
                                               the peer's selected pair, once connected
  stdout {"connection": STATE}                 connectionState changes (ICE + DTLS; DTLS never
                                               completes against a peer without DTLS)
  stdin  {"report": "checks"}                  afterwards, any number of times:
  stdout {"checks": [{"local": "IP:PORT", "remote": "IP:PORT", "state": S, ...}, ...]}
                                               the peer's candidate pairs that sent or got checks
  stdout {"error": TEXT}                       something failed; the driver then exits 1

The driver exits when stdin closes, after --timeout seconds (30), or on SIGTERM/SIGINT, and
always stops what it started (Chromium by pid, its temporary profile removed). Chromium runs in a
process group of its own and gets SIGKILL from the kernel if the driver dies (PR_SET_PDEATHSIG).

Loopback only. Every SDP handed out or taken in keeps only `a=candidate` lines on 127.0.0.1.
aiortc: aioice gathers on 127.0.0.1 only (real-peers.md §4 patch) and has no STUN server (its
default would be stun.l.google.com). Chromium: --allow-loopback-in-peer-connection and
--disable-features=WebRtcHideLocalIpsWithMdns (real-peers.md §3), no ICE servers, and its IPv4
UDP sockets confined to 127.0.0.1 (the candidate filter alone does not stop its eth0 socket from
checking a 127.0.0.1 candidate; see ChromiumPeer.start); DevTools on 127.0.0.1 on a port
Chromium picks (DevToolsActivePort); the page is a file:// URL.
"""
import argparse
import asyncio
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

LOOPBACK = "127.0.0.1"


def emit(obj):
    sys.stdout.write(json.dumps(obj, separators=(",", ":")) + "\n")
    sys.stdout.flush()


def log(*parts):
    now = time.time()
    print(time.strftime("%H:%M:%S", time.localtime(now)) + f".{int(now % 1 * 1000):03d}", *parts, file=sys.stderr, flush=True)


def loopback_only(sdp):
    """Drops every a=candidate line whose connection address is not 127.0.0.1."""
    eol = "\r\n" if "\r\n" in sdp else "\n"
    kept = []
    for line in sdp.split(eol):
        if line.startswith("a=candidate:"):
            fields = line.split(" ")
            if len(fields) < 5 or fields[4] != LOOPBACK:
                continue
        kept.append(line)
    return eol.join(kept)


class StatePrinter:
    """Prints {"ice": …} and friends, holding them back until the SDP line went out."""

    def __init__(self):
        self.released = False
        self.held = []

    def __call__(self, obj):
        if self.released:
            emit(obj)
        else:
            self.held.append(obj)

    def release(self):
        self.released = True
        for obj in self.held:
            emit(obj)
        self.held = []


# MARK: aiortc

class AiortcPeer:
    def __init__(self, report):
        self.report = report
        self.pc = None

    async def start(self):
        import aioice.ice
        import aiortc

        # aioice leaves 127.0.0.1 out of its host candidates; gather on loopback only.
        aioice.ice.get_host_addresses = lambda use_ipv4=True, use_ipv6=False: [LOOPBACK]
        from aiortc import RTCConfiguration, RTCPeerConnection

        # No ICE servers: aiortc's default is stun.l.google.com:19302.
        self.pc = RTCPeerConnection(RTCConfiguration(iceServers=[]))
        pc = self.pc

        @pc.on("iceconnectionstatechange")
        def on_ice():
            state = pc.iceConnectionState
            self.report({"ice": state})
            if state in ("connected", "completed"):
                self.report_pair()

        @pc.on("connectionstatechange")
        def on_connection():
            self.report({"connection": pc.connectionState})

        return {"peer": "aiortc", "aiortc": aiortc.__version__, "aioice": aioice.__version__}

    def report_pair(self):
        try:   # private API: the aioice Connection's nominated pair of component 1
            connection = self.pc.getTransceivers()[0].sender.transport.transport._connection
            pair = connection._nominated.get(1)
            if pair is not None:
                self.report({"pair": {"local": f"{pair.local_candidate.host}:{pair.local_candidate.port}",
                                      "remote": f"{pair.remote_candidate.host}:{pair.remote_candidate.port}"}})
        except Exception as e:  # noqa: BLE001 - informational only
            log("aiortc: no pair:", repr(e))

    async def checks(self):
        connection = self.pc.getTransceivers()[0].sender.transport.transport._connection
        return [{"local": f"{p.local_candidate.host}:{p.local_candidate.port}",
                 "remote": f"{p.remote_candidate.host}:{p.remote_candidate.port}",
                 "state": p.state.name.lower(), "nominated": p.nominated}
                for p in connection._check_list]

    async def answer(self, offer):
        from aiortc import RTCSessionDescription
        from aiortc.mediastreams import AudioStreamTrack

        await self.pc.setRemoteDescription(RTCSessionDescription(loopback_only(offer), "offer"))
        self.pc.addTrack(AudioStreamTrack())          # the offered audio stream becomes sendrecv
        await self.pc.setLocalDescription(await self.pc.createAnswer())   # returns after gathering
        return loopback_only(self.pc.localDescription.sdp), "complete"

    async def offer(self):
        from aiortc.mediastreams import AudioStreamTrack

        self.pc.addTransceiver(AudioStreamTrack(), direction="sendrecv")
        await self.pc.setLocalDescription(await self.pc.createOffer())    # returns after gathering
        return loopback_only(self.pc.localDescription.sdp), "complete"

    async def accept(self, answer):
        from aiortc import RTCSessionDescription

        await self.pc.setRemoteDescription(RTCSessionDescription(loopback_only(answer), "answer"))

    async def close(self):
        if self.pc is not None:
            try:
                await asyncio.wait_for(self.pc.close(), 5)
            except Exception as e:  # noqa: BLE001
                log("aiortc close:", repr(e))


# MARK: Chromium

PAGE = r"""<!doctype html>
<html><head><meta charset="utf-8"><title>webrtc peer</title></head><body><script>
"use strict";
let pc = null;
function report(obj) { window.__report(JSON.stringify(obj)); }
function loopbackOnly(sdp) {
  return sdp.split("\r\n").filter(l => !l.startsWith("a=candidate:") || l.split(" ")[4] === "127.0.0.1").join("\r\n");
}
// Resolves "complete" at iceGatheringState "complete". With the eth0 UDP socket denied (see
// ChromiumPeer.start) an offerer's gathering never completes, so it also resolves "quiet" once a
// 127.0.0.1 UDP host candidate is there and no candidate came for QUIET_MS.
const QUIET_MS = 1000;
function gathered(pc) {
  return new Promise(resolve => {
    let loopback = false, timer = null;
    const check = () => {
      if (pc.iceGatheringState === "complete") { clearTimeout(timer); resolve("complete"); }
    };
    pc.addEventListener("icegatheringstatechange", check);
    pc.addEventListener("icecandidate", e => {
      if (e.candidate && e.candidate.address === "127.0.0.1" && e.candidate.protocol === "udp") loopback = true;
      clearTimeout(timer);
      if (loopback) timer = setTimeout(() => resolve("quiet"), QUIET_MS);
    });
    check();
  });
}
async function reportPair() {
  const stats = await pc.getStats();
  let pairId = null;
  stats.forEach(s => { if (s.type === "transport" && s.selectedCandidatePairId) pairId = s.selectedCandidatePairId; });
  const pair = pairId && stats.get(pairId);
  if (!pair) return;
  const local = stats.get(pair.localCandidateId), remote = stats.get(pair.remoteCandidateId);
  report({pair: {local: local.address + ":" + local.port, remote: remote.address + ":" + remote.port}});
}
async function reportChecks() {   // every pair that sent or answered a check: which addresses talked
  const stats = await pc.getStats();
  const pairs = [];
  stats.forEach(s => {
    if (s.type !== "candidate-pair" || !(s.requestsSent || s.requestsReceived || s.responsesSent)) return;
    const l = stats.get(s.localCandidateId), r = stats.get(s.remoteCandidateId);
    pairs.push({local: l.address + ":" + l.port, remote: r.address + ":" + r.port, protocol: l.protocol,
                state: s.state, nominated: !!s.nominated, requestsSent: s.requestsSent,
                requestsReceived: s.requestsReceived});
  });
  return pairs;
}
async function makePeerConnection() {
  pc = new RTCPeerConnection({iceServers: []});
  pc.addEventListener("iceconnectionstatechange", () => {
    const state = pc.iceConnectionState;
    report({ice: state});
    if (state === "connected" || state === "completed") reportPair().catch(e => report({log: String(e)}));
  });
  pc.addEventListener("connectionstatechange", () => report({connection: pc.connectionState}));
  const stream = await navigator.mediaDevices.getUserMedia({audio: true, video: false});
  stream.getTracks().forEach(t => pc.addTrack(t, stream));   // the fake microphone: sendrecv
}
async function runAnswer(offer) {
  await makePeerConnection();
  await pc.setRemoteDescription({type: "offer", sdp: loopbackOnly(offer)});
  const done = gathered(pc);       // listening before gathering starts
  await pc.setLocalDescription(await pc.createAnswer());
  const gathering = await done;
  return {sdp: loopbackOnly(pc.localDescription.sdp), gathering};
}
async function runOffer() {
  await makePeerConnection();
  const done = gathered(pc);
  await pc.setLocalDescription(await pc.createOffer());
  const gathering = await done;
  return {sdp: loopbackOnly(pc.localDescription.sdp), gathering};
}
async function applyAnswer(answer) {
  await pc.setRemoteDescription({type: "answer", sdp: loopbackOnly(answer)});
  return pc.signalingState;
}
window.__pageReady = true;
</script></body></html>
"""

CHROMIUM_FLAGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
    "--disable-dev-shm-usage", "--disable-extensions", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--metrics-recording-only",
    "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
    "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
    "--allow-loopback-in-peer-connection",               # without it Chromium never gathers 127.0.0.1
    "--disable-features=WebRtcHideLocalIpsWithMdns",     # raw IPs instead of .local names
    "--allow-file-access-from-files", "--disable-crash-reporter",
]


class DevTools:
    """A minimal Chrome DevTools protocol client over one page's WebSocket."""

    def __init__(self, ws, on_event):
        self.ws = ws
        self.on_event = on_event
        self.next_id = 0
        self.pending = {}
        self.reader = asyncio.ensure_future(self._read())

    async def _read(self):
        try:
            async for raw in self.ws:
                message = json.loads(raw)
                if "id" in message:
                    future = self.pending.pop(message["id"], None)
                    if future is not None and not future.done():
                        future.set_result(message)
                else:
                    self.on_event(message.get("method"), message.get("params", {}))
        except Exception as e:  # noqa: BLE001
            log("devtools reader ended:", repr(e))
        finally:
            for future in self.pending.values():
                if not future.done():
                    future.set_exception(RuntimeError("DevTools connection closed"))
            self.pending = {}

    async def call(self, method, timeout=20, **params):
        self.next_id += 1
        future = asyncio.get_running_loop().create_future()
        self.pending[self.next_id] = future
        await self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        message = await asyncio.wait_for(future, timeout)
        if "error" in message:
            raise RuntimeError(f"{method}: {message['error']}")
        return message.get("result", {})

    async def evaluate(self, expression, timeout=20):
        result = await self.call("Runtime.evaluate", timeout=timeout, expression=expression,
                                 awaitPromise=True, returnByValue=True)
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            text = details.get("exception", {}).get("description") or details.get("text")
            raise RuntimeError(f"page: {text}")
        return result.get("result", {}).get("value")

    async def close(self):
        self.reader.cancel()
        try:
            await self.ws.close()
        except Exception:  # noqa: BLE001
            pass


def die_with_parent():
    """In the child before exec: SIGKILL when the parent dies (prctl PR_SET_PDEATHSIG)."""
    import ctypes
    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL, 0, 0, 0)


def ephemeral_port_start():
    try:
        with open("/proc/sys/net/ipv4/ip_local_port_range") as f:
            return int(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768


def non_loopback_ipv4_addresses():
    """This host's IPv4 addresses outside 127/8 (e.g. eth0's 192.0.2.2)."""
    import ifaddr   # an aioice dependency, so in the venv
    found = []
    for adapter in ifaddr.get_adapters():
        for ip in adapter.ips:
            if isinstance(ip.ip, str) and not ip.ip.startswith("127.") and ip.ip not in found:
                found.append(ip.ip)
    return found


def reserve_loopback_only_udp_port():
    """A UDP port P free on 127.0.0.1, with P held (bound, never used) on every other IPv4
    address of the host: with WebRTC limited to P..P, Chromium can open its UDP socket on
    127.0.0.1 only. Returns (P, the holding sockets)."""
    import random
    import socket
    others = non_loopback_ipv4_addresses()
    high = max(ephemeral_port_start() - 1, 12000)
    for _ in range(200):
        port = random.randrange(10000, high)  # below the ephemeral range: no port-0 bind gets it
        held = []
        try:
            for address in others + [LOOPBACK]:
                s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                held.append(s)
                s.bind((address, port))
        except OSError:
            for s in held:
                s.close()
            continue
        held.pop().close()                           # 127.0.0.1:P is for Chromium
        return port, held
    raise RuntimeError("no UDP port free on every IPv4 address")


class ChromiumPeer:
    def __init__(self, report, binary, work_dir=None):
        self.report = report
        self.binary = binary
        self.work_dir = work_dir
        self.proc = None
        self.folder = None
        self.devtools = None
        self.holders = []

    def http_json(self, url):
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))   # never a proxy
        with opener.open(url, timeout=2) as response:
            return json.load(response)

    async def start(self):
        import websockets

        self.folder = tempfile.mkdtemp(prefix="webrtc-peer-chromium-", dir=self.work_dir)
        profile = os.path.join(self.folder, "profile")
        os.makedirs(os.path.join(profile, "Default"))
        # Chromium opens one UDP socket per network (lo, eth0, ...) and pairs each with every
        # remote candidate of the same family, so without this its eth0 socket (192.0.2.2)
        # would send checks to our 127.0.0.1 candidate and get answers and triggered checks
        # back at 192.0.2.2, and could even be nominated. The candidate filter cannot stop that
        # (it only edits what is signalled). So: WebRTC's UDP port range (the WebRtcUdpPortRange
        # policy's pref, in the fresh profile) is one port P, and P is held on every IPv4
        # address but 127.0.0.1: the only IPv4 UDP socket Chromium can open is 127.0.0.1:P.
        self.udp_port, self.holders = reserve_loopback_only_udp_port()
        with open(os.path.join(profile, "Default", "Preferences"), "w") as f:
            json.dump({"webrtc": {"udp_port_range": f"{self.udp_port}-{self.udp_port}"}}, f)
        page = os.path.join(self.folder, "peer.html")
        with open(page, "w") as f:
            f.write(PAGE)
        stderr = open(os.path.join(self.folder, "chromium.log"), "w")
        # A session (and process group) of its own, so that its helpers can be stopped with it;
        # killed by the kernel if this driver dies first (its helpers then follow it).
        self.proc = subprocess.Popen([self.binary, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "about:blank"],
                                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=stderr,
                                     start_new_session=True, preexec_fn=die_with_parent)
        stderr.close()
        log("chromium pid", self.proc.pid)
        # Chromium picks the DevTools port itself and writes it to DevToolsActivePort.
        active = os.path.join(profile, "DevToolsActivePort")
        port = None
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and self.proc.poll() is None:
            try:
                with open(active) as f:
                    first = f.readline().strip()
                if first.isdigit():
                    port = int(first)
                    break
            except OSError:
                pass
            await asyncio.sleep(0.05)
        if port is None:
            raise RuntimeError("chromium DevTools did not come up: " + self.log_tail())
        version = self.http_json(f"http://127.0.0.1:{port}/json/version")
        page_target = None
        while time.monotonic() < deadline and page_target is None:
            page_target = next((t for t in self.http_json(f"http://127.0.0.1:{port}/json/list")
                                if t.get("type") == "page"), None)
            if page_target is None:
                await asyncio.sleep(0.05)
        if page_target is None:
            raise RuntimeError("chromium has no page target")
        ws = await websockets.connect(page_target["webSocketDebuggerUrl"], max_size=None, proxy=None)
        self.devtools = DevTools(ws, self.on_event)
        await self.devtools.call("Runtime.enable")
        await self.devtools.call("Runtime.addBinding", name="__report")
        await self.devtools.call("Page.navigate", url="file://" + page)
        while time.monotonic() < deadline:
            ready = await self.devtools.evaluate("window.__pageReady === true && typeof window.__report === 'function'")
            if ready:
                break
            await asyncio.sleep(0.05)
        else:
            raise RuntimeError("the page did not load")
        return {"peer": "chromium", "browser": version.get("Browser"), "devtoolsPort": port,
                "udpPort": self.udp_port}

    def on_event(self, method, params):
        if method == "Runtime.bindingCalled" and params.get("name") == "__report":
            try:
                self.report(json.loads(params.get("payload", "{}")))
            except ValueError:
                log("bad report:", params.get("payload"))
        elif method == "Runtime.exceptionThrown":
            log("page exception:", json.dumps(params.get("exceptionDetails", {}))[:500])
        elif method == "Runtime.consoleAPICalled":
            log("page console:", " ".join(str(a.get("value", a.get("description", ""))) for a in params.get("args", [])))

    async def answer(self, offer):
        result = await self.devtools.evaluate(f"runAnswer({json.dumps(offer)})")
        return result["sdp"], result["gathering"]

    async def offer(self):
        result = await self.devtools.evaluate("runOffer()")
        return result["sdp"], result["gathering"]

    async def accept(self, answer):
        state = await self.devtools.evaluate(f"applyAnswer({json.dumps(answer)})")
        log("chromium signalingState after the answer:", state)

    async def checks(self):
        return await self.devtools.evaluate("reportChecks()")

    def log_tail(self):
        try:
            with open(os.path.join(self.folder, "chromium.log")) as f:
                return "".join(f.readlines()[-20:])
        except OSError:
            return "(no chromium log)"

    async def close(self):
        if self.devtools is not None:
            try:
                await asyncio.wait_for(self.devtools.evaluate("pc && pc.close(), true", timeout=3), 4)
            except Exception:  # noqa: BLE001
                pass
            await self.devtools.close()
        if self.proc is not None:
            if self.proc.poll() is None:
                self.proc.terminate()                # by pid
                try:
                    self.proc.wait(5)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
                    self.proc.wait(5)
            # Helpers (zygote, renderer, crashpad) left over in its process group (id = its pid).
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        for s in self.holders:
            s.close()
        self.holders = []
        if self.folder is not None:
            for _ in range(20):                      # a helper may still be writing into the profile
                shutil.rmtree(self.folder, ignore_errors=True)
                if not os.path.exists(self.folder):
                    break
                await asyncio.sleep(0.05)


# MARK: main

async def read_json(reader):
    while True:
        line = await reader.readline()
        if not line:
            return None                              # stdin closed
        line = line.strip()
        if line:
            return json.loads(line)


async def session(args, reader, report):
    peer = AiortcPeer(report) if args.peer == "aiortc" else ChromiumPeer(report, args.chromium, args.work_dir)
    try:
        emit({"ready": await peer.start()})
        message = await read_json(reader)
        if message is None:
            return 0
        started = time.monotonic()
        if message.get("role") == "answer":
            answer, gathering = await peer.answer(message["offer"])
            emit({"answer": answer, "gathering": gathering})
        elif message.get("role") == "offer":
            offer, gathering = await peer.offer()
            emit({"offer": offer, "gathering": gathering})
            report.release()
            reply = await read_json(reader)
            if reply is None:
                return 0
            await peer.accept(reply["answer"])
        else:
            emit({"error": f"unknown message {message!r}"})
            return 1
        report.release()
        log(f"{args.peer}: SDP exchange done after {time.monotonic() - started:.3f} s")
        while True:                                  # until stdin closes
            message = await read_json(reader)
            if message is None:
                return 0
            if message.get("report") == "checks":
                emit({"checks": await peer.checks()})
    finally:
        await peer.close()


async def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--peer", choices=["aiortc", "chromium"], required=True)
    parser.add_argument("--timeout", type=float, default=30, help="exit after this many seconds (30)")
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    parser.add_argument("--verbose", action="store_true", help="aiortc/aioice debug log on stderr")
    parser.add_argument("--work-dir", help="where Chromium's temporary folder goes (default: $TMPDIR); "
                                           "the caller may remove it after a kill -9")
    args = parser.parse_args()

    if args.verbose or os.environ.get("WEBRTC_PEER_VERBOSE"):
        import logging
        logging.basicConfig(level=logging.DEBUG, stream=sys.stderr,
                            format="%(asctime)s.%(msecs)03d %(name)s %(message)s", datefmt="%H:%M:%S")
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader(limit=1 << 20)
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    task = asyncio.ensure_future(session(args, reader, StatePrinter()))
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, task.cancel)    # clean up (Chromium, temp folder), then exit
    try:
        return await asyncio.wait_for(task, args.timeout)
    except asyncio.TimeoutError:
        log(f"timeout after {args.timeout} s")
        return 2
    except asyncio.CancelledError:
        return 3
    except Exception as e:  # noqa: BLE001
        emit({"error": f"{type(e).__name__}: {e}"})
        return 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
