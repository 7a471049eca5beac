// swift-tools-version:6.1
// Benchmarks for the SIP stack, kept out of the root package so that the root build
// never needs Sofia-SIP. Run (release build, from the repository root):
//   swift run -c release --package-path Benchmarks sip-bench
// See Docs/BENCHMARKS.md.
import PackageDescription

let package = Package(
    name: "Benchmarks",
    dependencies: [
        .package(name: "PlivoSwiftStack", path: ".."),
    ],
    targets: [
        // Sofia-SIP (Debian: libsofia-sip-ua-dev, pkg-config name `sofia-sip-ua`) as the peer.
        // The Sofia headers are only included by the .c file; Swift sees include/CSofiaBench.h.
        .target(
            name: "CSofiaBench",
            cSettings: [
                .unsafeFlags(["-I/usr/include/sofia-sip-1.12", "-O2"]),
            ],
            linkerSettings: [
                .linkedLibrary("sofia-sip-ua"),
            ]),
        // Options, timing and formatting shared by sdp-bench and stun-bench.
        .target(name: "BenchSupport", swiftSettings: [.swiftLanguageMode(.v6)]),
        // libre (Debian libre-dev, pkg-config `libre`) as the STUN peer.
        .target(
            name: "CLibreBench",
            cSettings: [.unsafeFlags(["-I/usr/include/re", "-O2"])],
            linkerSettings: [.linkedLibrary("re")]),
        .executableTarget(
            name: "stun-bench",
            dependencies: ["BenchSupport", "CLibreBench", .product(name: "STUN", package: "PlivoSwiftStack")],
            swiftSettings: [.swiftLanguageMode(.v6)]),
        .executableTarget(
            name: "sdp-bench",
            dependencies: ["BenchSupport", "CSofiaBench", .product(name: "SDP", package: "PlivoSwiftStack")],
            swiftSettings: [.swiftLanguageMode(.v6)]),
        .executableTarget(
            name: "ice-bench",
            dependencies: [
                .product(name: "ICE", package: "PlivoSwiftStack"),
                .product(name: "StackCore", package: "PlivoSwiftStack"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]),
        .executableTarget(
            name: "capture-bench",
            dependencies: [
                "BenchSupport",
                .product(name: "CaptureAnalysis", package: "PlivoSwiftStack"),
                .product(name: "CaptureFile", package: "PlivoSwiftStack"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]),
        .executableTarget(
            name: "sip-bench",
            dependencies: [
                "CSofiaBench",
                .product(name: "SIPCore", package: "PlivoSwiftStack"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]),
        // Non-INVITE transactions per second through SIPTransaction (no peer linked: the pjsip
        // figure it prints is a reference number, not measured in the run).
        .executableTarget(
            name: "transaction-bench",
            dependencies: [
                .product(name: "SIPCore", package: "PlivoSwiftStack"),
                .product(name: "SIPTransaction", package: "PlivoSwiftStack"),
                .product(name: "StackCore", package: "PlivoSwiftStack"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]),
        // The public client through a real Kamailio: call setup (vs aiortc) and memory.
        .executableTarget(
            name: "sdk-bench",
            dependencies: ["CSRTPBench", .product(name: "PlivoSDK", package: "PlivoSwiftStack")],
            swiftSettings: [.swiftLanguageMode(.v6)]),
        // libsrtp2 and libopus called directly (no stack code): the raw peers of media-bench.
        // shim.h wraps what does not import (opus ctl requests, mallinfo2 for the heap figure).
        .systemLibrary(name: "CSRTPBench", pkgConfig: "libsrtp2", providers: [.apt(["libsrtp2-dev"])]),
        .systemLibrary(name: "COpusBench", pkgConfig: "opus", providers: [.apt(["libopus-dev"])]),
        // SRTP and Opus next to raw libsrtp2/libopus; calls per core and heap per call of MediaEngine.
        .executableTarget(
            name: "media-bench",
            dependencies: [
                "BenchSupport", "CSRTPBench", "COpusBench",
                .product(name: "SRTP", package: "PlivoSwiftStack"),
                .product(name: "AudioCodecs", package: "PlivoSwiftStack"),
                .product(name: "AudioPipeline", package: "PlivoSwiftStack"),
                .product(name: "MediaTransport", package: "PlivoSwiftStack"),
                .product(name: "DTLS", package: "PlivoSwiftStack"),
                .product(name: "SDP", package: "PlivoSwiftStack"),
                .product(name: "RTP", package: "PlivoSwiftStack"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]),
        // `sip-conform load` (LoadRunner) next to SIPp's uac, via Kamailio and direct.
        .executableTarget(
            name: "conform-bench",
            dependencies: [.product(name: "SIPConformance", package: "PlivoSwiftStack")],
            swiftSettings: [.swiftLanguageMode(.v6)]),
    ]
)
