import Foundation
import Testing

/// The `sip-lint` contract, checked by running the built executable:
/// `sip-lint [--strict|--lenient] [--json] FILE...` reads each FILE as one SIP message received
/// in a UDP datagram ('-' reads standard input) and exits 0 when all are accepted, 1 when any is
/// rejected, 2 on a usage error.
@Suite("sip-lint")
struct SIPLintTests {
    typealias Run = SIPLintRunner

    // MARK: Exit codes

    @Test("exit 0 and 'FILE: ok' when every file is accepted")
    func acceptedExitsZero() throws {
        let out = try Run.run(["wsinv.dat"])
        #expect(out.status == 0)
        #expect(out.lines == ["wsinv.dat: ok"])
        #expect(out.stderr == "")
    }

    @Test("exit 1 with the reason, offset and response when a file is rejected")
    func rejectedExitsOne() throws {
        let out = try Run.run(["badvers.dat"])
        #expect(out.status == 1)
        #expect(out.lines == [
            "badvers.dat: invalid: Unsupported SIP version SIP/7.0 (offset 33)",
            "  response: 505 Version Not Supported",
        ])
        #expect(out.stderr == "")
    }

    @Test("exit 2 without any file")
    func noFiles() throws {
        for arguments in [[], ["--json"], ["--lenient"]] {
            let out = try Run.run(arguments)
            #expect(out.status == 2, "\(arguments)")
            #expect(out.stdout == "", "\(arguments)")
            #expect(out.stderr.hasPrefix("Error: Give at least one FILE ('-' for standard input).\n"), "\(arguments)")
        }
    }

    @Test("exit 2 for an unknown flag")
    func unknownFlag() throws {
        for flag in ["--bogus", "-x", "--JSON"] {
            let out = try Run.run([flag, "wsinv.dat"])
            #expect(out.status == 2, "\(flag)")
            #expect(out.stdout == "", "\(flag)")
            #expect(out.stderr.hasPrefix("Error: Unknown option '\(flag)'"), "\(flag): \(out.stderr)")
        }
    }

    @Test("exit 2 for --strict together with --lenient, in either order")
    func strictAndLenient() throws {
        for flags in [["--strict", "--lenient"], ["--lenient", "--strict"]] {
            let out = try Run.run(flags + ["wsinv.dat"])
            #expect(out.status == 2, "\(flags)")
            #expect(out.stdout == "", "\(flags)")
            #expect(out.stderr.hasPrefix("Error: "), "\(flags)")
        }
    }

    @Test("exit 2 for a file that cannot be read, and nothing is reported for the others")
    func unreadableFile() throws {
        let missing = try Run.run(["no-such-file.dat"])
        #expect(missing.status == 2)
        #expect(missing.stdout == "")
        #expect(missing.stderr == "sip-lint: cannot read no-such-file.dat\n")

        let directory = try Run.run(["wsinv.dat", "."])
        #expect(directory.status == 2)
        #expect(directory.stdout == "")
        #expect(directory.stderr == "sip-lint: cannot read .\n")

        let among = try Run.run(["--json", "wsinv.dat", "no-such-file.dat", "badvers.dat"])
        #expect(among.status == 2)
        #expect(among.stdout == "")
        #expect(among.stderr == "sip-lint: cannot read no-such-file.dat\n")
    }

    @Test("--help exits 0 and shows the usage")
    func help() throws {
        let out = try Run.run(["--help"])
        #expect(out.status == 0)
        #expect(out.stdout.contains("USAGE: sip-lint [--strict] [--lenient] [--json] [<files> ...]"))
    }

    // MARK: Text output on RFC 4475 messages

    static let textCases: [(file: String, lines: [String])] = [
        ("esc01.dat", ["esc01.dat: ok"]),
        ("intmeth.dat", ["intmeth.dat: ok"]),
        ("noreason.dat", ["noreason.dat: ok"]),
        ("badaspec.dat", [
            "badaspec.dat: invalid: Invalid To value: white space inside <> (offset 206)",
            "  response: 400 Invalid To value: white space inside <>",
        ]),
        ("quotbal.dat", [
            "quotbal.dat: invalid: Invalid To value: unterminated quoted string (offset 41)",
            "  response: 400 Invalid To value: unterminated quoted string",
        ]),
        ("insuf.dat", [
            "insuf.dat: invalid: Missing From header (offset 0)",
            "  response: 400 Missing From header",
        ]),
        ("mismatch01.dat", [
            "mismatch01.dat: invalid: Invalid CSeq value: method INVITE does not match OPTIONS (offset 157)",
            "  response: 400 Invalid CSeq value: method INVITE does not match OPTIONS",
        ]),
        ("clerr.dat", [
            "clerr.dat: invalid: Content-Length 9999 exceeds body of 154 bytes (offset 344)",
            "  response: 400 Content-Length 9999 exceeds body of 154 bytes",
        ]),
        ("novelsc.dat", [
            "novelsc.dat: invalid: Invalid Request-URI: unsupported scheme soap.beep (offset 8)",
            "  response: 416 Unsupported URI Scheme",
        ]),
        ("bext01.dat", [
            "bext01.dat: invalid: Invalid Require value: unsupported extension nothingSupportsThis, nothingSupportsThisEither (offset 155)",
            "  response: 420 Bad Extension",
            "  Unsupported: nothingSupportsThis, nothingSupportsThisEither",
        ]),
        ("invut.dat", [
            "invut.dat: invalid: Invalid Content-Type value: unsupported media type application/unknownformat (offset 288)",
            "  response: 415 Unsupported Media Type",
            "  Accept: application/sdp, multipart/mixed, multipart/alternative, text/plain, message/sipfrag, application/dtmf-relay",
        ]),
        ("bigcode.dat", [
            "bigcode.dat: invalid: Invalid status code (offset 8)",
            "  response: none (a response is never answered)",
        ]),
        ("scalarlg.dat", [
            "scalarlg.dat: invalid: Invalid CSeq value: sequence number too large (offset 198)",
            "  response: none (a response is never answered)",
        ]),
    ]

    @Test("RFC 4475: exact text report", arguments: textCases.map(\.file))
    func textReport(file: String) throws {
        let expected = try #require(Self.textCases.first { $0.file == file }).lines
        let out = try Run.run([file])
        #expect(out.lines == expected)
        #expect(out.status == (expected.count == 1 ? 0 : 1))
        #expect(out.stderr == "")
    }

    @Test("RFC 4475: every verdict and response matches expectations.json, one JSON line per file in order")
    func wholeCorpus() throws {
        let data = try Data(contentsOf: Run.rfc4475.appendingPathComponent("expectations.json"))
        let expectations = try #require(try JSONSerialization.jsonObject(with: data) as? [String: [String: Any]])
        let files = expectations.keys.sorted()
        #expect(files.count == 49)
        let out = try Run.run(["--json"] + files)
        #expect(out.status == 1)
        let objects = try out.jsonObjects()
        #expect(objects.map { $0["file"] as? String } == files)
        for (file, object) in zip(files, objects) {
            let expected = try #require(expectations[file])
            #expect(object["verdict"] as? String == expected["verdict"] as? String, "\(file)")
            #expect(object["kind"] as? String == expected["kind"] as? String, "\(file)")
            let response = object["response"] as? [String: Any]
            #expect(response?["status"] as? Int == expected["response"] as? Int, "\(file)")
            if expected["verdict"] as? String == "accept" {
                #expect(object["response"] == nil, "\(file)")
                #expect((object["errors"] as? [Any])?.isEmpty == true, "\(file)")
            } else {
                #expect((object["errors"] as? [Any])?.isEmpty == false, "\(file)")
            }
        }
    }

    // MARK: JSON

    @Test("--json wsinv.dat: request fields, headers as received, body length, warnings")
    func jsonWsinv() throws {
        let out = try Run.run(["--json", "wsinv.dat"])
        #expect(out.status == 0)
        #expect(out.lines.count == 1)
        #expect(out.lines.first?.hasPrefix(
            #"{"file":"wsinv.dat","verdict":"accept","kind":"request","method":"INVITE","requestURI":{"scheme":"sip","user":"vivekg","host":"chair-dnrc.example.com","port":null,"params":{"unknownparam":null}},"headers":[["TO","sip:vivekg@chair-dnrc.example.com ;   tag    = 1918181833n"],"#
        ) == true)
        let object = try #require(try out.jsonObjects().first)
        #expect(object["file"] as? String == "wsinv.dat")
        #expect(object["verdict"] as? String == "accept")
        #expect(object["kind"] as? String == "request")
        #expect(object["method"] as? String == "INVITE")
        #expect(object["status"] == nil)
        #expect(object["response"] == nil)
        let uri = try #require(object["requestURI"] as? [String: Any])
        #expect(uri["scheme"] as? String == "sip")
        #expect(uri["user"] as? String == "vivekg")
        #expect(uri["host"] as? String == "chair-dnrc.example.com")
        #expect(uri["port"] is NSNull)
        let params = try #require(uri["params"] as? [String: Any])
        #expect(params.count == 1)
        #expect(params["unknownparam"] is NSNull)
        let headers = try #require(object["headers"] as? [[String]])
        #expect(headers.map { $0[0] } == [
            "TO", "from", "MaX-fOrWaRdS", "Call-ID", "Content-Length", "cseq", "Via", "s", "NewFangledHeader",
            "UnknownHeaderWithUnusualValue", "Content-Type", "Route", "v", "m",
        ])
        #expect(headers[2] == ["MaX-fOrWaRdS", "0068"])
        #expect(headers[7] == ["s", ""])
        #expect(headers[8] == ["NewFangledHeader", "newfangled value continued newfangled value"])
        #expect(headers[9] == ["UnknownHeaderWithUnusualValue", ";;,,;;,;"])
        #expect(object["bodyLength"] as? Int == 150)
        #expect((object["errors"] as? [Any])?.isEmpty == true)
        let warnings = try #require(object["warnings"] as? [[String: Any]])
        #expect(warnings.count == 1)
        #expect(warnings.first?["message"] as? String == "Invalid Via value: branch without the z9hG4bK cookie (RFC 2543 peer?)")
        #expect(warnings.first?["offset"] as? Int == 313)
        #expect(warnings.first?["header"] as? String == "Via")
    }

    @Test("--json badvers.dat: 505, and null for what an unparsed request cannot tell")
    func jsonBadvers() throws {
        let out = try Run.run(["--json", "badvers.dat"])
        #expect(out.status == 1)
        #expect(out.lines == [
            #"{"file":"badvers.dat","verdict":"reject","kind":"request","method":"OPTIONS","requestURI":null,"headers":null,"bodyLength":null,"response":{"status":505,"reason":"Version Not Supported"},"errors":[{"message":"Unsupported SIP version SIP/7.0","offset":33,"header":null}],"warnings":[]}"#,
        ])
    }

    @Test("--json bigcode.dat: a rejected response has response null")
    func jsonBigcode() throws {
        let out = try Run.run(["--json", "bigcode.dat"])
        #expect(out.status == 1)
        #expect(out.lines == [
            #"{"file":"bigcode.dat","verdict":"reject","kind":"response","status":null,"headers":null,"bodyLength":null,"response":null,"errors":[{"message":"Invalid status code","offset":8,"header":null}],"warnings":[]}"#,
        ])
        let object = try #require(try out.jsonObjects().first)
        #expect(object["response"] is NSNull)
        #expect(object["method"] == nil)
        #expect(object["requestURI"] == nil)
    }

    @Test("--json bext01.dat: 420 with the Unsupported header")
    func jsonBext01() throws {
        let out = try Run.run(["--json", "bext01.dat"])
        #expect(out.status == 1)
        let object = try #require(try out.jsonObjects().first)
        #expect(object["verdict"] as? String == "reject")
        #expect(object["kind"] as? String == "request")
        #expect(object["method"] as? String == "OPTIONS")
        let uri = try #require(object["requestURI"] as? [String: Any])
        #expect(uri["user"] as? String == "user")
        #expect(uri["host"] as? String == "example.com")
        #expect((uri["params"] as? [String: Any])?.isEmpty == true)
        let headers = try #require(object["headers"] as? [[String]])
        #expect(headers.count == 9)
        #expect(headers[4] == ["Require", "nothingSupportsThis, nothingSupportsThisEither"])
        #expect(object["bodyLength"] as? Int == 0)
        let response = try #require(object["response"] as? [String: Any])
        #expect(response["status"] as? Int == 420)
        #expect(response["reason"] as? String == "Bad Extension")
        #expect(response["headers"] as? [[String]] == [["Unsupported", "nothingSupportsThis, nothingSupportsThisEither"]])
        let errors = try #require(object["errors"] as? [[String: Any]])
        #expect(errors.count == 1)
        #expect(errors.first?["message"] as? String == "Invalid Require value: unsupported extension nothingSupportsThis, nothingSupportsThisEither")
        #expect(errors.first?["offset"] as? Int == 155)
        #expect(errors.first?["header"] as? String == "Require")
        #expect((object["warnings"] as? [Any])?.isEmpty == true)
    }

    @Test("--json noreason.dat: an accepted response carries its status and no requestURI")
    func jsonResponse() throws {
        let out = try Run.run(["--json", "noreason.dat"])
        #expect(out.status == 0)
        let object = try #require(try out.jsonObjects().first)
        #expect(object["kind"] as? String == "response")
        #expect(object["status"] as? Int == 100)
        #expect(object["method"] == nil)
        #expect(object["requestURI"] == nil)
        #expect(object["response"] == nil)
        #expect((object["headers"] as? [[String]])?.first == ["Via", "SIP/2.0/UDP 192.0.2.105;branch=z9hG4bK2398ndaoe"])
    }

    // MARK: Standard input, several files, modes

    @Test("'-' reads the message from standard input")
    func standardInput() throws {
        let wsinv = [UInt8](try Data(contentsOf: Run.rfc4475.appendingPathComponent("wsinv.dat")))
        let accepted = try Run.run(["-"], stdin: wsinv)
        #expect(accepted.status == 0)
        #expect(accepted.lines == ["-: ok"])

        let badvers = [UInt8](try Data(contentsOf: Run.rfc4475.appendingPathComponent("badvers.dat")))
        let rejected = try Run.run(["--json", "-"], stdin: badvers)
        #expect(rejected.status == 1)
        let object = try #require(try rejected.jsonObjects().first)
        #expect(object["file"] as? String == "-")
        #expect((object["response"] as? [String: Any])?["status"] as? Int == 505)

        let empty = try Run.run(["-"], stdin: [])
        #expect(empty.status == 1)
        #expect(empty.lines == ["-: invalid: Empty message (offset 0)", "  response: none (no request line to answer)"])

        let mixed = try Run.run(["esc01.dat", "-", "bigcode.dat"], stdin: wsinv)
        #expect(mixed.status == 1)
        #expect(mixed.lines == [
            "esc01.dat: ok",
            "-: ok",
            "bigcode.dat: invalid: Invalid status code (offset 8)",
            "  response: none (a response is never answered)",
        ])
    }

    @Test("several files with mixed verdicts: exit 1 and one report per file, in argument order")
    func severalFiles() throws {
        let text = try Run.run(["wsinv.dat", "badvers.dat", "esc01.dat", "bigcode.dat", "wsinv.dat"])
        #expect(text.status == 1)
        #expect(text.lines == [
            "wsinv.dat: ok",
            "badvers.dat: invalid: Unsupported SIP version SIP/7.0 (offset 33)",
            "  response: 505 Version Not Supported",
            "esc01.dat: ok",
            "bigcode.dat: invalid: Invalid status code (offset 8)",
            "  response: none (a response is never answered)",
            "wsinv.dat: ok",
        ])

        let json = try Run.run(["--json", "bext01.dat", "wsinv.dat", "novelsc.dat"])
        #expect(json.status == 1)
        let objects = try json.jsonObjects()
        #expect(objects.map { $0["file"] as? String } == ["bext01.dat", "wsinv.dat", "novelsc.dat"])
        #expect(objects.map { $0["verdict"] as? String } == ["reject", "accept", "reject"])
        #expect(objects.map { ($0["response"] as? [String: Any])?["status"] as? Int } == [420, nil, 416])

        let allGood = try Run.run(["wsinv.dat", "esc01.dat", "intmeth.dat"])
        #expect(allGood.status == 0)
        #expect(allGood.lines == ["wsinv.dat: ok", "esc01.dat: ok", "intmeth.dat: ok"])
    }

    static let bareLF = Array((
        "OPTIONS sip:bob@example.com SIP/2.0\n"
        + "Via: SIP/2.0/UDP host.example.com;branch=z9hG4bK776\n"
        + "Max-Forwards: 70\n"
        + "To: <sip:bob@example.com>\n"
        + "From: <sip:alice@example.com>;tag=1928\n"
        + "Call-ID: a84b4c76e66710\n"
        + "CSeq: 63104 OPTIONS\n"
        + "Content-Length: 0\n"
        + "\n").utf8)

    @Test("--lenient accepts bare LF line endings that --strict (the default) rejects")
    func lenientLineFeeds() throws {
        let folder = try SIPLintRunner.temporaryFolder(files: ["lf.sip": Self.bareLF])
        defer { try? FileManager.default.removeItem(at: folder) }
        let rejection = [
            "lf.sip: invalid: Line ends with LF instead of CRLF (offset 35)",
            "  response: 400 Line ends with LF instead of CRLF",
        ]
        let byDefault = try Run.run(["lf.sip"], in: folder)
        #expect(byDefault.status == 1)
        #expect(byDefault.lines == rejection)
        let strict = try Run.run(["--strict", "lf.sip"], in: folder)
        #expect(strict.status == 1)
        #expect(strict.lines == rejection)

        let lenient = try Run.run(["--lenient", "lf.sip"], in: folder)
        #expect(lenient.status == 0)
        #expect(lenient.lines == ["lf.sip: ok"])

        let json = try Run.run(["--lenient", "--json", "lf.sip"], in: folder)
        #expect(json.status == 0)
        let object = try #require(try json.jsonObjects().first)
        #expect(object["verdict"] as? String == "accept")
        #expect(object["method"] as? String == "OPTIONS")
        #expect((object["headers"] as? [[String]])?.count == 7)
        let warnings = try #require(object["warnings"] as? [[String: Any]])
        // one per line: the start line, seven header lines and the empty line
        #expect(warnings.map { $0["offset"] as? Int } == [35, 87, 104, 130, 169, 193, 213, 231, 232])
        #expect(Set(warnings.map { $0["message"] as? String }) == ["Line ends with LF instead of CRLF"])

        let strictJSON = try Run.run(["--json", "lf.sip"], in: folder)
        #expect(strictJSON.status == 1)
        #expect(strictJSON.lines == [
            #"{"file":"lf.sip","verdict":"reject","kind":"request","method":"OPTIONS","requestURI":null,"headers":null,"bodyLength":null,"response":{"status":400,"reason":"Line ends with LF instead of CRLF"},"errors":[{"message":"Line ends with LF instead of CRLF","offset":35,"header":null}],"warnings":[]}"#,
        ])
    }
}
