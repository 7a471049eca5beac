#!/usr/bin/env python3
"""Capture real SDP offers and answers from headless Chromium and from aiortc, byte-exact.

Usage (run from the repository root, inside a network namespace that has only `lo`):

  unshare -n sh -c 'ip link set lo up && .venv-peers/bin/python Fixtures/SDP/capture_sdp.py chromium'
  unshare -n sh -c 'ip link set lo up && .venv-peers/bin/python Fixtures/SDP/capture_sdp.py aiortc'
  unshare -n sh -c 'ip link set lo up && .venv-peers/bin/python Fixtures/SDP/capture_sdp.py baresip'

Options: --out DIR (default: this script's folder), --ours FILE (default: ours-offer-savpf.sdp
next to this script; when the file exists, the peer also answers that offer of ours).

Files written (the SDP text exactly as the peer produced it, CRLF line ends included):
  chromium: chromium-offer.sdp             pc1.createOffer() with a fake microphone, after gathering
            chromium-answer.sdp            pc2's answer to that offer (pc2 has a track: sendrecv)
            chromium-answer-to-ours.sdp    pc3's answer to --ours (pc3 has a track)
  aiortc:   aiortc-offer.sdp, aiortc-answer.sdp, aiortc-answer-to-ours.sdp (the same three)
  baresip:  baresip-offer.sdp              the body of the INVITE baresip sends on a `dial` command
                                           (to a UDP socket of this script, which answers 486)
            baresip-answer-to-ours.sdp     the body of baresip's 200 OK to an INVITE carrying
                                           --ours-avp (default ours-offer-avp.sdp); then ACK, BYE

Loopback only: the Chromium page keeps only candidates on 127.0.0.1 before handing an SDP to the
other peer connection, Chromium gets --allow-loopback-in-peer-connection, aioice is patched to
gather on 127.0.0.1 only, and the whole run is meant for `unshare -n` (only `lo` exists).
Needs: apt-get install chromium baresip; pip install aiortc websockets (a venv: .venv-peers).
"""
import argparse, asyncio, functools, http.server, json, os, shutil, subprocess, sys, tempfile, threading, time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))

PAGE = r"""<!doctype html>
<html><head><meta charset="utf-8"><title>sdp capture</title></head><body><script>
function gathered(pc) {
  if (pc.iceGatheringState === "complete") return Promise.resolve();
  return new Promise(r => pc.addEventListener("icegatheringstatechange",
    () => pc.iceGatheringState === "complete" && r()));
}
function loopbackOnly(sdp) {
  return sdp.split("\r\n").filter(l => !l.startsWith("a=candidate:") || l.split(" ")[4] === "127.0.0.1").join("\r\n");
}
async function run() {
  const out = {userAgent: navigator.userAgent};
  const stream = await navigator.mediaDevices.getUserMedia({audio: true, video: false});
  const pc1 = new RTCPeerConnection(), pc2 = new RTCPeerConnection(), pc3 = new RTCPeerConnection();
  // each peer connection sends its own clone, so offer and answers carry distinct msids
  [pc1, pc2, pc3].forEach(pc => { const s = stream.clone(); s.getTracks().forEach(t => pc.addTrack(t, s)); });
  await pc1.setLocalDescription(await pc1.createOffer());
  await gathered(pc1);
  out.offer = pc1.localDescription.sdp;
  await pc2.setRemoteDescription({type: "offer", sdp: loopbackOnly(out.offer)});
  await pc2.setLocalDescription(await pc2.createAnswer());
  await gathered(pc2);
  out.answer = pc2.localDescription.sdp;
  const ours = await fetch("ours.sdp");
  if (ours.ok) {
    await pc3.setRemoteDescription({type: "offer", sdp: await ours.text()});
    await pc3.setLocalDescription(await pc3.createAnswer());
    await gathered(pc3);
    out.answerToOurs = pc3.localDescription.sdp;
  }
  const answer = await fetch("ours-answer.sdp");
  if (answer.ok) {   // does Chromium accept our answer to an offer of its own?
    const pc4 = new RTCPeerConnection();
    const s = stream.clone(); s.getTracks().forEach(t => pc4.addTrack(t, s));
    await pc4.setLocalDescription(await pc4.createOffer());
    try {
      await pc4.setRemoteDescription({type: "answer", sdp: await answer.text()});
      const t = pc4.getTransceivers()[0];
      out.oursAnswerAccepted = {signalingState: pc4.signalingState, currentDirection: t.currentDirection,
        sendCodecs: t.sender.getParameters().codecs.map(c => c.payloadType + " " + c.mimeType + "/" + c.clockRate)};
    } catch (e) { out.oursAnswerAccepted = {error: String(e)}; }
    pc4.close();
  }
  pc1.close(); pc2.close(); pc3.close();
  return out;
}
run().then(r => r, e => ({error: String(e)})).then(r => { window.__result = r; window.__done = true; });
</script></body></html>
"""


def write(out_dir, name, text):
    path = os.path.join(out_dir, name)
    with open(path, "wb") as f:           # binary: the CRLFs are written as produced
        f.write(text.encode("utf-8"))
    print("wrote", path, len(text.encode("utf-8")), "bytes")


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *a):
        pass


async def cdp_run(ws_url, url, timeout):
    import websockets
    async with websockets.connect(ws_url, max_size=None) as ws:
        n = 0

        async def call(method, **params):
            nonlocal n
            n += 1
            await ws.send(json.dumps({"id": n, "method": method, "params": params}))
            while True:
                m = json.loads(await ws.recv())
                if m.get("id") == n:
                    return m

        await call("Page.navigate", url=url)
        t0 = time.time()
        while time.time() - t0 < timeout:
            r = await call("Runtime.evaluate", returnByValue=True,
                           expression="window.__done === true ? JSON.stringify(window.__result) : ''")
            v = r.get("result", {}).get("result", {}).get("value")
            if v:
                return json.loads(v)
            await asyncio.sleep(0.3)
        return {"error": "page did not finish in %ss" % timeout}


def capture_chromium(out_dir, ours, ours_answer, http_port=8766, cdp_port=9230, timeout=40):
    site = tempfile.mkdtemp(prefix="sdp-capture-site-")
    with open(os.path.join(site, "capture.html"), "w") as f:
        f.write(PAGE)
    if ours:
        shutil.copyfile(ours, os.path.join(site, "ours.sdp"))
    if ours_answer:
        shutil.copyfile(ours_answer, os.path.join(site, "ours-answer.sdp"))
    handler = functools.partial(QuietHandler, directory=site)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", http_port), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    profile = tempfile.mkdtemp(prefix="sdp-capture-profile-")
    cmd = [shutil.which("chromium") or "chromium", "--headless=new", "--no-sandbox", "--disable-gpu",
           "--no-first-run", "--no-default-browser-check", "--disable-dev-shm-usage",
           f"--user-data-dir={profile}", "--remote-debugging-address=127.0.0.1",
           f"--remote-debugging-port={cdp_port}", "--use-fake-ui-for-media-stream",
           "--use-fake-device-for-media-stream", "--allow-loopback-in-peer-connection",
           "--disable-features=WebRtcHideLocalIpsWithMdns", "about:blank"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=open(os.path.join(profile, "stderr.log"), "w"))
    try:
        ver = None
        for _ in range(100):
            try:
                ver = json.load(urllib.request.urlopen(f"http://127.0.0.1:{cdp_port}/json/version", timeout=1))
                break
            except Exception:
                time.sleep(0.2)
        if not ver:
            print("chromium devtools did not come up", file=sys.stderr)
            return 1
        targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{cdp_port}/json/list"))
        page = next(t for t in targets if t["type"] == "page")
        res = asyncio.run(cdp_run(page["webSocketDebuggerUrl"], f"http://127.0.0.1:{http_port}/capture.html", timeout))
        if "error" in res:
            print("page error:", res["error"], file=sys.stderr)
            return 1
        print("browser:", ver.get("Browser"), "|", res.get("userAgent"))
        write(out_dir, "chromium-offer.sdp", res["offer"])
        write(out_dir, "chromium-answer.sdp", res["answer"])
        if "answerToOurs" in res:
            write(out_dir, "chromium-answer-to-ours.sdp", res["answerToOurs"])
        if "oursAnswerAccepted" in res:
            print("our answer, set on a fresh Chromium offer:", json.dumps(res["oursAnswerAccepted"]))
            if "error" in res["oursAnswerAccepted"]:
                return 1
        return 0
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        httpd.shutdown()
        shutil.rmtree(profile, ignore_errors=True)
        shutil.rmtree(site, ignore_errors=True)


def capture_aiortc(out_dir, ours, ours_answer):
    import aioice.ice
    import aiortc
    from aiortc import RTCPeerConnection, RTCSessionDescription
    from aiortc.mediastreams import AudioStreamTrack

    # aioice leaves 127.0.0.1 out of its host candidates; gather on loopback only.
    aioice.ice.get_host_addresses = lambda use_ipv4=True, use_ipv6=False: ["127.0.0.1"]

    async def main():
        pc1, pc2, pc3 = RTCPeerConnection(), RTCPeerConnection(), RTCPeerConnection()
        pc1.addTrack(AudioStreamTrack())
        await pc1.setLocalDescription(await pc1.createOffer())
        offer = pc1.localDescription.sdp
        await pc2.setRemoteDescription(RTCSessionDescription(offer, "offer"))
        pc2.addTrack(AudioStreamTrack())
        await pc2.setLocalDescription(await pc2.createAnswer())
        answer = pc2.localDescription.sdp
        print("aiortc", aiortc.__version__, "aioice", aioice.__version__)
        write(out_dir, "aiortc-offer.sdp", offer)
        write(out_dir, "aiortc-answer.sdp", answer)
        if ours:
            with open(ours, "rb") as f:
                text = f.read().decode("utf-8")
            await pc3.setRemoteDescription(RTCSessionDescription(text, "offer"))
            pc3.addTrack(AudioStreamTrack())
            await pc3.setLocalDescription(await pc3.createAnswer())
            write(out_dir, "aiortc-answer-to-ours.sdp", pc3.localDescription.sdp)
        status = 0
        pc4 = RTCPeerConnection()
        if ours_answer:   # does aiortc accept our answer to an offer of its own?
            pc4.addTrack(AudioStreamTrack())
            await pc4.setLocalDescription(await pc4.createOffer())
            with open(ours_answer, "rb") as f:
                text = f.read().decode("utf-8")
            try:
                await pc4.setRemoteDescription(RTCSessionDescription(text, "answer"))
                t = pc4.getTransceivers()[0]
                print("our answer, set on a fresh aiortc offer: accepted; signalingState", pc4.signalingState,
                      "currentDirection", t.currentDirection,
                      "codecs", [f"{c.payloadType} {c.mimeType}/{c.clockRate}" for c in t._codecs])
            except Exception as e:
                print("our answer was refused by aiortc:", repr(e))
                status = 1
        for pc in (pc1, pc2, pc3, pc4):
            await pc.close()
        return status

    return asyncio.run(main())


BARESIP_CONFIG = """poll_method epoll
sip_listen 127.0.0.1:5072
net_interface 127.0.0.1
audio_source ausine,440
audio_player aubridge,nowhere
audio_alert aubridge,nowhere
rtcp_mux no
module_path /usr/lib/baresip/modules
module g711.so
module opus.so
module ausine.so
module aubridge.so
module_tmp uuid.so
module_tmp account.so
module_app menu.so
module_app ctrl_tcp.so
ctrl_tcp_listen 127.0.0.1:4441
"""
# No registrar (regint=0); answers every INVITE at once; opus first (ausine runs at 48 kHz only).
BARESIP_ACCOUNTS = "<sip:alice@127.0.0.1;transport=udp>;regint=0;answermode=auto;" \
                   "audio_codecs=opus/48000/2,PCMU/8000,PCMA/8000\n"


def sip_body(message):
    head, _, body = message.partition(b"\r\n\r\n")
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            return body[:int(line.split(b":", 1)[1])]
    return body


def sip_header(message, name):
    for line in message.split(b"\r\n\r\n")[0].split(b"\r\n")[1:]:
        key, _, value = line.partition(b":")
        if key.strip().lower() == name.lower():
            return value.strip().decode()
    return None


def capture_baresip(out_dir, ours_avp, ours_answer):
    import socket
    run = tempfile.mkdtemp(prefix="sdp-capture-baresip-")
    with open(os.path.join(run, "config"), "w") as f:
        f.write(BARESIP_CONFIG)
    with open(os.path.join(run, "accounts"), "w") as f:
        f.write(BARESIP_ACCOUNTS)
    log = open(os.path.join(run, "log"), "w")
    proc = subprocess.Popen(["baresip", "-f", run], stdin=subprocess.DEVNULL, stdout=log, stderr=log)
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 5090))
    sock.settimeout(10)
    try:
        ctrl = None
        for _ in range(50):
            try:
                ctrl = socket.create_connection(("127.0.0.1", 4441), timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        if ctrl is None:
            print("baresip ctrl_tcp did not come up", file=sys.stderr)
            return 1
        command = json.dumps({"command": "dial", "params": "sip:capture@127.0.0.1:5090", "token": "t1"}).encode()
        ctrl.sendall(str(len(command)).encode() + b":" + command + b",")
        while True:
            invite, peer = sock.recvfrom(65535)
            if invite.startswith(b"INVITE "):
                break
        write(out_dir, "baresip-offer.sdp", sip_body(invite).decode("utf-8"))
        head = invite.split(b"\r\n\r\n")[0].split(b"\r\n")
        copied = [l for l in head[1:] if l.split(b":")[0].strip().lower() in (b"via", b"from", b"call-id", b"cseq")]
        to = sip_header(invite, b"to") + ";tag=capture1"
        if ours_answer:   # answer baresip's call with our answer; does it ACK and set up audio?
            with open(ours_answer, "rb") as f:
                answer_body = f.read()
            ok = b"\r\n".join([b"SIP/2.0 200 OK"] + copied + [
                b"To: " + to.encode(), b"Contact: <sip:capture@127.0.0.1:5090>", b"Content-Type: application/sdp",
                b"Content-Length: " + str(len(answer_body)).encode()]) + b"\r\n\r\n" + answer_body
            sock.sendto(ok, peer)
            ack, _ = sock.recvfrom(65535)
            print("baresip after our 200 OK:", ack.split(b"\r\n")[0].decode())
            time.sleep(1.0)
            with open(os.path.join(run, "log")) as f:
                for line in f:
                    if "established" in line.lower() or "audio:" in line.lower() or "telev" in line.lower():
                        print("   baresip log:", line.rstrip())
            hangup = json.dumps({"command": "hangup", "token": "t2"}).encode()
            ctrl.sendall(str(len(hangup)).encode() + b":" + hangup + b",")
            time.sleep(0.5)
        else:
            busy = b"\r\n".join([b"SIP/2.0 486 Busy Here"] + copied + [b"To: " + to.encode(), b"Content-Length: 0"]) + b"\r\n\r\n"
            sock.sendto(busy, peer)
            time.sleep(0.5)                   # baresip sends its ACK; nothing more to do
        if not ours_avp:
            return 0
        with open(ours_avp, "rb") as f:
            body = f.read()
        def request(method, uri, cseq, branch, to_tag=None, body=b""):
            to_line = b"To: <sip:alice@127.0.0.1>" + (b";tag=" + to_tag.encode() if to_tag else b"")
            lines = [method.encode() + b" " + uri.encode() + b" SIP/2.0",
                     b"Via: SIP/2.0/UDP 127.0.0.1:5090;rport;branch=z9hG4bK" + branch.encode(),
                     b"Max-Forwards: 70", b"From: <sip:capture@127.0.0.1:5090>;tag=capture1", to_line,
                     b"Call-ID: sdp-capture-1@127.0.0.1", b"CSeq: " + str(cseq).encode() + b" " + method.encode(),
                     b"Contact: <sip:capture@127.0.0.1:5090>"]
            if body:
                lines.append(b"Content-Type: application/sdp")
            lines.append(b"Content-Length: " + str(len(body)).encode())
            return b"\r\n".join(lines) + b"\r\n\r\n" + body
        sock.sendto(request("INVITE", "sip:alice@127.0.0.1:5072", 1, "capinv1", body=body), ("127.0.0.1", 5072))
        while True:
            response, _ = sock.recvfrom(65535)
            if response.startswith(b"SIP/2.0 200"):
                break
            if response.startswith(b"SIP/2.0 ") and int(response[8:11]) >= 300:
                print("baresip refused our offer:", response.split(b"\r\n")[0].decode(), file=sys.stderr)
                return 1
        write(out_dir, "baresip-answer-to-ours.sdp", sip_body(response).decode("utf-8"))
        to_tag = sip_header(response, b"to").split("tag=")[1].split(";")[0]
        contact = sip_header(response, b"contact").strip("<>").split(">")[0]
        sock.sendto(request("ACK", contact, 1, "capack1", to_tag), ("127.0.0.1", 5072))
        time.sleep(0.3)
        sock.sendto(request("BYE", contact, 2, "capbye1", to_tag), ("127.0.0.1", 5072))
        time.sleep(0.5)
        version = [l for l in open(os.path.join(run, "log")).read().splitlines() if "baresip v" in l]
        print(version[0].strip() if version else "baresip (version line not found)")
        return 0
    finally:
        sock.close()
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(run, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("peer", choices=["chromium", "aiortc", "baresip"])
    ap.add_argument("--ours-avp", default=os.path.join(HERE, "ours-offer-avp.sdp"))
    ap.add_argument("--no-answer-check", action="store_true",
                    help="do not hand the peer our stored answer (ours-answer-to-<peer>.sdp) to its own offer")
    ap.add_argument("--out", default=HERE)
    ap.add_argument("--ours", default=os.path.join(HERE, "ours-offer-savpf.sdp"))
    a = ap.parse_args()
    ours = a.ours if a.ours and os.path.exists(a.ours) else None
    ours_answer = os.path.join(HERE, f"ours-answer-to-{a.peer}.sdp")
    ours_answer = None if a.no_answer_check or not os.path.exists(ours_answer) else ours_answer
    if a.peer == "chromium":
        return capture_chromium(a.out, ours, ours_answer)
    if a.peer == "baresip":
        return capture_baresip(a.out, a.ours_avp if a.ours_avp and os.path.exists(a.ours_avp) else None, ours_answer)
    return capture_aiortc(a.out, ours, ours_answer)


if __name__ == "__main__":
    sys.exit(main())
