import SIPCore
import SIPUserAgent
import Testing

@Suite struct SIPPlivoInfoSignalTests {
    @Test func bodiesMapToTheSDKsEvents() {
        #expect(SIPPlivoInfoSignal(body: Array("no-remote-audio".utf8)) == .remoteAudio(false))
        #expect(SIPPlivoInfoSignal(body: Array("remote-audio\r\n".utf8)) == .remoteAudio(true))
        #expect(SIPPlivoInfoSignal(body: Array("  Remote-Party-Ringing\n".utf8)) == .remotePartyRinging)
        #expect(SIPPlivoInfoSignal(body: Array("Signal=1\r\nDuration=100\r\n".utf8)) == nil)
        #expect(SIPPlivoInfoSignal(body: []) == nil)
        #expect(SIPPlivoInfoSignal(body: Array(" \r\n".utf8)) == nil)
    }

    @Test func onlyINFORequestsCarryThem() throws {
        let info = try SIPMessage(parsing: Array(("INFO sip:a@b SIP/2.0\r\nVia: SIP/2.0/WS x;branch=z9hG4bK1\r\nFrom: <sip:s@b>;tag=1\r\n"
            + "To: <sip:a@b>;tag=2\r\nCall-ID: c\r\nCSeq: 2 INFO\r\nContent-Length: 15\r\n\r\nno-remote-audio").utf8))
        #expect(SIPPlivoInfoSignal(info: info) == .remoteAudio(false))
        let message = try SIPMessage(parsing: Array(("MESSAGE sip:a@b SIP/2.0\r\nVia: SIP/2.0/WS x;branch=z9hG4bK1\r\nFrom: <sip:s@b>;tag=1\r\n"
            + "To: <sip:a@b>\r\nCall-ID: c\r\nCSeq: 2 MESSAGE\r\nContent-Length: 12\r\n\r\nremote-audio").utf8))
        #expect(SIPPlivoInfoSignal(info: message) == nil)
    }
}
