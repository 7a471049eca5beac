// swift-tools-version:6.1
// The layering of these targets is described in Docs/ARCHITECTURE.md and checked by
// scripts/check-architecture.sh (run by `make test`).
import PackageDescription

let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "PlivoSwiftStack",
    products: [
        .library(name: "StackCore", targets: ["StackCore"]),
        .library(name: "SIPCore", targets: ["SIPCore"]),
        .library(name: "SIPTransaction", targets: ["SIPTransaction"]),
        .library(name: "SIPTransport", targets: ["SIPTransport"]),
        .library(name: "SIPUserAgent", targets: ["SIPUserAgent"]),
        .library(name: "SDP", targets: ["SDP"]),
        .library(name: "STUN", targets: ["STUN"]),
        .library(name: "ICE", targets: ["ICE"]),
        .library(name: "RTP", targets: ["RTP"]),
        .library(name: "CaptureFile", targets: ["CaptureFile"]),
        .library(name: "CaptureAnalysis", targets: ["CaptureAnalysis"]),
        .library(name: "DTLS", targets: ["DTLS"]),
        .library(name: "SRTP", targets: ["SRTP"]),
        .library(name: "AudioCodecs", targets: ["AudioCodecs"]),
        .library(name: "AudioPipeline", targets: ["AudioPipeline"]),
        .library(name: "MediaTransport", targets: ["MediaTransport"]),
        .library(name: "AudioDevices", targets: ["AudioDevices"]),
        .library(name: "AudioProcessing", targets: ["AudioProcessing"]),
        .library(name: "CallModel", targets: ["CallModel"]),
        .library(name: "SIPEdge", targets: ["SIPEdge"]),
        .library(name: "PlivoSDK", targets: ["PlivoSDK"]),
        .library(name: "SIPConformance", targets: ["SIPConformance"]),
        .executable(name: "sip-lint", targets: ["sip-lint"]),
        .executable(name: "sip-replay", targets: ["sip-replay"]),
        .executable(name: "sip-conform", targets: ["sip-conform"]),
        .executable(name: "sip-edge", targets: ["sip-edge"]),
        .executable(name: "plivo-demo", targets: ["plivo-demo"]),
        .executable(name: "plivo-phone", targets: ["plivo-phone"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
    ],
    targets: [
        // base
        .target(name: "StackCore", swiftSettings: strict),
        // codecs (pure Swift: no NIO, no C, no clock)
        .target(name: "SIPCore", swiftSettings: strict),
        // SDP offer/answer (RFC 8866, RFC 3264, the JSEP audio subset)
        .target(name: "SDP", swiftSettings: strict),
        // RTP/RTCP packets and the receive-side arithmetic (RFC 3550, 3551, 5761, 4733)
        .target(name: "RTP", swiftSettings: strict),
        .target(name: "CaptureFile", swiftSettings: strict),
        .target(name: "CaptureAnalysis", dependencies: ["CaptureFile", "SIPCore", "SDP", "RTP", "CallModel", "SIPUserAgent"],
                swiftSettings: strict),
        // STUN messages and client transactions (RFC 8489); HMAC/SHA via swift-crypto
        .target(
            name: "STUN",
            dependencies: ["StackCore", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict),
        // i/o (ICE agent, RFC 8445, on SwiftNIO UDP sockets)
        .target(
            name: "ICE",
            dependencies: [
                "STUN", "SDP", "StackCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strict),
        // C libraries from Debian (one systemLibrary each; shim.h wraps macros and variadics)
        .systemLibrary(name: "COpenSSL", pkgConfig: "openssl", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CSRTP", pkgConfig: "libsrtp2", providers: [.apt(["libsrtp2-dev"])]),
        .systemLibrary(name: "COpus", pkgConfig: "opus", providers: [.apt(["libopus-dev"])]),
        .systemLibrary(name: "CSpeexDSP", pkgConfig: "speexdsp", providers: [.apt(["libspeexdsp-dev"])]),
        .systemLibrary(name: "CPulseAudio", pkgConfig: "libpulse", providers: [.apt(["libpulse-dev"])]),
        .systemLibrary(name: "CPcap", pkgConfig: "libpcap", providers: [.apt(["libpcap-dev"])]),
        // Live capture for sip-replay (libpcap).
        .target(name: "LiveCapture", dependencies: ["CPcap"], swiftSettings: strict),
        // C wrappers: DTLS 1.2 with use_srtp (system OpenSSL, never next to BoringSSL), SRTP
        // (libsrtp2), audio codecs (libopus, G.711 in Swift, libspeexdsp resampling)
        .target(name: "DTLS", dependencies: ["COpenSSL", "StackCore"], swiftSettings: strict),
        .target(name: "SRTP", dependencies: ["CSRTP"], swiftSettings: strict),
        .target(name: "AudioCodecs", dependencies: ["COpus", "CSpeexDSP"], swiftSettings: strict),
        // PulseAudio devices (libpulse's asynchronous API on its threaded main loop)
        .target(name: "AudioDevices", dependencies: ["CPulseAudio", "StackCore"], swiftSettings: strict),
        .target(name: "AudioProcessing", dependencies: ["CSpeexDSP", "StackCore"], swiftSettings: strict),
        // engines: audio frames (WAV sources/sinks, tones, jitter buffer to decoder) and the
        // per-call media transport (ICE + DTLS + SRTP + RTP on one NIO event loop)
        .target(
            name: "AudioPipeline",
            dependencies: [
                "AudioCodecs", "AudioDevices", "AudioProcessing", "RTP", "StackCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strict),
        .target(
            name: "MediaTransport",
            dependencies: [
                "ICE", "DTLS", "SRTP", "RTP", "AudioPipeline", "AudioCodecs", "SDP", "STUN", "StackCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strict),
        // engines (RFC 3261 §17 transactions: pure state machines, clock and transport injected)
        .target(name: "SIPTransaction", dependencies: ["SIPCore", "StackCore"], swiftSettings: strict),
        // i/o (SwiftNIO sockets: UDP, TCP, WebSocket)
        .target(
            name: "SIPTransport",
            dependencies: [
                "SIPCore", "StackCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strict),
        // session (user agent: registration, digest authentication, dialogs)
        .target(
            name: "SIPUserAgent",
            dependencies: [
                "SIPCore", "SIPTransaction", "SIPTransport", "StackCore",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict),
        // tools
        .target(
            name: "CallModel",
            dependencies: ["SIPUserAgent", "SIPCore", "AudioPipeline", "StackCore"],
            swiftSettings: strict),
        .target(
            name: "SIPEdge",
            dependencies: ["SIPUserAgent", "SIPTransaction", "SIPTransport", "SIPCore", "StackCore"],
            swiftSettings: strict),
        // conformance scenarios (data files) run against a SIP server, and the load generator
        .target(
            name: "SIPConformance",
            dependencies: [
                "SIPUserAgent", "SIPTransaction", "SIPTransport", "SIPCore", "StackCore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strict),
        .target(
            name: "PlivoSDK",
            dependencies: [
                "CallModel", "SIPUserAgent", "SIPTransport", "SIPTransaction", "SIPCore", "ICE", "SDP", "DTLS",
                "MediaTransport", "AudioPipeline", "AudioDevices", "AudioProcessing", "AudioCodecs", "StackCore", "SIPEdge",
                .product(name: "Logging", package: "swift-log"), .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict),
        .executableTarget(
            name: "plivo-demo",
            dependencies: ["PlivoSDK", "SIPEdge", "AudioPipeline", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: strict),
        .executableTarget(
            name: "sip-edge",
            dependencies: ["PlivoSDK", "StackCore", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: strict),
        .executableTarget(
            name: "sip-replay",
            dependencies: [
                "CaptureAnalysis", "CaptureFile", "LiveCapture", "StackCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict),
        .executableTarget(
            name: "sip-conform",
            dependencies: [
                "SIPConformance", "SIPUserAgent", "StackCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict),
        .executableTarget(
            name: "sip-lint",
            dependencies: [
                "SIPCore", "StackCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict),
        .executableTarget(
            name: "plivo-phone",
            dependencies: [
                "SIPUserAgent", "SIPTransport", "SIPTransaction", "SIPCore", "ICE", "SDP", "StackCore",
                "MediaTransport", "AudioPipeline", "AudioCodecs", "DTLS", "AudioDevices", "AudioProcessing", "PlivoSDK",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict),
        // tests
        .testTarget(name: "StackCoreTests", dependencies: ["StackCore"], swiftSettings: strict),
        .testTarget(
            name: "SIPCoreTests", dependencies: ["SIPCore", "StackCore"],
            resources: [],
            swiftSettings: strict),
        .testTarget(
            name: "SIPTransactionTests", dependencies: ["SIPTransaction", "SIPCore", "StackCore"],
            swiftSettings: strict),
        .testTarget(
            name: "SIPTransportTests",
            dependencies: [
                "SIPTransport", "SIPCore", "StackCore",
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strict),
        .testTarget(
            name: "SIPUserAgentTests", dependencies: ["SIPUserAgent", "SIPCore"],
            swiftSettings: strict),
        .testTarget(name: "SDPTests", dependencies: ["SDP"], swiftSettings: strict),
        .testTarget(name: "STUNTests", dependencies: ["STUN", "StackCore"], swiftSettings: strict),
        .testTarget(name: "RTPTests", dependencies: ["RTP", "StackCore"], swiftSettings: strict),
        .testTarget(name: "ICETests", dependencies: ["ICE", "STUN", "SDP", "StackCore"], swiftSettings: strict),
        .testTarget(name: "DTLSTests", dependencies: ["DTLS", "StackCore"], swiftSettings: strict),
        .testTarget(name: "SRTPTests", dependencies: ["SRTP", "StackCore"], swiftSettings: strict),
        .testTarget(name: "AudioCodecsTests", dependencies: ["AudioCodecs"], swiftSettings: strict),
        .testTarget(name: "AudioDevicesTests", dependencies: ["AudioDevices", "AudioPipeline", "plivo-phone"], swiftSettings: strict),
        .testTarget(name: "AudioProcessingTests", dependencies: ["AudioProcessing"], swiftSettings: strict),
        .testTarget(name: "SIPEdgeTests", dependencies: ["SIPEdge", "SIPUserAgent", "SIPTransaction", "SIPCore", "StackCore"],
                    swiftSettings: strict),
        .testTarget(name: "CallModelTests", dependencies: ["CallModel", "SIPUserAgent", "SIPCore", "AudioPipeline", "StackCore"],
                    swiftSettings: strict),
        .testTarget(
            name: "PlivoSDKTests",
            dependencies: [
                "PlivoSDK", "StackCore", "SIPCore", "SIPUserAgent",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strict),
        .testTarget(
            name: "AudioPipelineTests",
            dependencies: [
                "AudioPipeline", "AudioCodecs", "AudioProcessing", "RTP", "StackCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strict),
        .testTarget(
            name: "MediaTransportTests",
            dependencies: ["MediaTransport", "ICE", "DTLS", "SRTP", "RTP", "AudioPipeline", "AudioCodecs", "SDP", "StackCore"],
            swiftSettings: strict),
        .testTarget(name: "CaptureFileTests", dependencies: ["CaptureFile"], swiftSettings: strict),
        .testTarget(name: "CaptureAnalysisTests", dependencies: ["CaptureAnalysis", "CaptureFile", "SIPCore", "SIPUserAgent"], swiftSettings: strict),
        .testTarget(name: "ToolTests", dependencies: ["sip-lint"], swiftSettings: strict),
        .testTarget(name: "SIPConformanceTests", dependencies: ["SIPConformance", "SIPCore", "StackCore"], swiftSettings: strict),
        .testTarget(
            name: "InteropTests",
            dependencies: ["SIPTransport", "SIPCore", "SIPUserAgent", "StackCore", "ICE", "STUN", "SDP", "plivo-phone",
                           "MediaTransport", "AudioPipeline", "AudioCodecs", "AudioProcessing", "DTLS", "PlivoSDK", "SIPEdge", "SIPConformance"],
            swiftSettings: strict),
    ]
)
