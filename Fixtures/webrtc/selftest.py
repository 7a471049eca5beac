#!/usr/bin/env python3
"""Runs two webrtc_peer.py drivers against each other (no Swift involved) and checks that each
hears the other's tone and, with --dtmf, that the answerer got the digits.

  .venv-peers/bin/python Fixtures/webrtc/selftest.py OFFERER ANSWERER [options]
  e.g.  selftest.py aiortc chromium --offer-args="--tone 440 --codec opus" --answer-args="--tone 880"

Prints each driver's protocol lines (prefixed with its role) and a summary line; exits 1 if a
peer did not hear the other's tone within 2 Hz or a DTMF check failed.
"""
import argparse
import asyncio
import json
import os
import shlex
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


class Driver:
    def __init__(self, name, peer, extra):
        self.name, self.peer, self.extra = name, peer, extra
        self.lines = asyncio.Queue()
        self.all = []

    async def start(self):
        self.proc = await asyncio.create_subprocess_exec(
            sys.executable, os.path.join(HERE, "webrtc_peer.py"), "--peer", self.peer, "--timeout", "25", *self.extra,
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
            stderr=open(f"/tmp/selftest-{self.name}.log", "w"))
        self.reader = asyncio.ensure_future(self._read())

    async def _read(self):
        while True:
            raw = await self.proc.stdout.readline()
            if not raw:
                await self.lines.put(None)
                return
            line = json.loads(raw)
            self.all.append(line)
            shown = {k: (v[:40] + "…" if isinstance(v, str) and len(v) > 60 else v) for k, v in line.items()}
            print(f"{time.monotonic() - T0:6.2f} {self.name:>6} {json.dumps(shown)}", flush=True)
            await self.lines.put(line)

    def send(self, obj):
        self.proc.stdin.write((json.dumps(obj) + "\n").encode())

    async def wait_for(self, key, timeout=15):
        deadline = time.monotonic() + timeout
        while True:
            line = await asyncio.wait_for(self.lines.get(), max(0.1, deadline - time.monotonic()))
            if line is None:
                raise RuntimeError(f"{self.name} ended before {key}")
            if key in line:
                return line
            if "error" in line:
                raise RuntimeError(f"{self.name}: {line['error']}")

    async def stop(self):
        if self.proc.returncode is None:
            self.proc.stdin.close()
            try:
                await asyncio.wait_for(self.proc.wait(), 10)
            except asyncio.TimeoutError:
                self.proc.terminate()
                await self.proc.wait()
        self.reader.cancel()


def tone_of(args):
    words = shlex.split(args)
    return float(words[words.index("--tone") + 1]) if "--tone" in words else 880.0


async def run(opts):
    offerer = Driver("offer", opts.offerer, shlex.split(opts.offer_args))
    answerer = Driver("answer", opts.answerer, shlex.split(opts.answer_args))
    ok = True
    try:
        await asyncio.gather(offerer.start(), answerer.start())
        await asyncio.gather(offerer.wait_for("ready"), answerer.wait_for("ready"))
        offerer.send({"role": "offer"})
        offer = (await offerer.wait_for("offer"))["offer"]
        if opts.show_sdp:
            print(offer)
        answerer.send({"role": "answer", "offer": offer})
        answer = (await answerer.wait_for("answer"))["answer"]
        if opts.show_sdp:
            print(answer)
        if opts.break_fingerprint:      # one hex digit changed in every fingerprint of the answer
            answer = "\r\n".join(line[:-1] + ("0" if line[-1] != "0" else "1") if line.startswith("a=fingerprint:") else line
                                  for line in answer.split("\r\n"))
        offerer.send({"answer": answer})
        if opts.break_fingerprint:
            failed = await offerer.wait_for("error_detail")
            print(f"SUMMARY offerer failed as expected: {failed['error_detail']}")
            return 0
        await asyncio.sleep(opts.listen)
        results = {}
        for driver in (offerer, answerer):
            for what in ("audio", "stats", "dtmf"):
                driver.send({"report": what})
            results[driver.name] = {"audio": (await driver.wait_for("audio"))["audio"],
                                    "stats": (await driver.wait_for("stats"))["stats"]}
            line = await driver.wait_for("dtmf" if driver.peer == "aiortc" else "dtmf_unsupported")
            results[driver.name]["dtmf"] = line.get("dtmf")
        expected = {"offer": tone_of(opts.answer_args), "answer": tone_of(opts.offer_args)}
        for name, expect in expected.items():
            heard = results[name]["audio"]["frequency"]
            good = heard is not None and abs(heard - expect) <= 2
            ok = ok and good
            print(f"SUMMARY {name}: heard {heard} Hz (expected {expect}) "
                  f"{results[name]['audio']['rms_dbfs']} dBFS codec {results[name]['audio']['codec']} "
                  f"{'OK' if good else 'FAIL'}")
        if opts.expect_dtmf is not None:      # at the aiortc peer facing the one with --dtmf
            name = "answer" if "--dtmf" in opts.offer_args else "offer"
            got = results[name]["dtmf"] and results[name]["dtmf"]["digits"]
            good = got == opts.expect_dtmf
            ok = ok and good
            print(f"SUMMARY dtmf at the {name}er: {got!r} (expected {opts.expect_dtmf!r}) {'OK' if good else 'FAIL'}")
    finally:
        await asyncio.gather(offerer.stop(), answerer.stop())
    return 0 if ok else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("offerer", choices=["aiortc", "chromium"])
    parser.add_argument("answerer", choices=["aiortc", "chromium"])
    parser.add_argument("--offer-args", default="")
    parser.add_argument("--answer-args", default="")
    parser.add_argument("--listen", type=float, default=3.0, help="seconds of audio before the reports")
    parser.add_argument("--expect-dtmf", help="digits the aiortc peer facing the --dtmf one must report")
    parser.add_argument("--show-sdp", action="store_true")
    parser.add_argument("--break-fingerprint", action="store_true",
                        help="alter the answer's fingerprints: the offerer must report connection failed")
    opts = parser.parse_args()
    T0 = time.monotonic()
    sys.exit(asyncio.run(run(opts)))
