// swift-tools-version:6.1
// libFuzzer targets for SIPCore, SDP, STUN, RTP, DTLS and CaptureFile, kept out of the root package. Build and run with
//   Fuzz/run.sh fuzz-sip-message 60
// which uses: swift build -c release --sanitize=fuzzer -Xswiftc -sanitize=fuzzer,address --package-path Fuzz
// (see Docs/FUZZING.md for why both flags, in exactly this form, are needed).
// A plain `swift build --package-path Fuzz` also works: the targets then link with an empty main.
import PackageDescription

let package = Package(
    name: "Fuzz",
    dependencies: [
        .package(name: "PlivoSwiftStack", path: ".."),
    ],
    targets: [
        .target(
            name: "FuzzSupport",
            dependencies: [.product(name: "SIPCore", package: "PlivoSwiftStack")],
            swiftSettings: [.swiftLanguageMode(.v6)]),
        .executableTarget(
            name: "fuzz-sip-message",
            dependencies: ["FuzzSupport", .product(name: "SIPCore", package: "PlivoSwiftStack")],
            swiftSettings: [.swiftLanguageMode(.v6)]),
        .executableTarget(
            name: "fuzz-sdp",
            dependencies: ["FuzzSupport", .product(name: "SDP", package: "PlivoSwiftStack")],
            swiftSettings: [.swiftLanguageMode(.v6)]),
        .executableTarget(
            name: "fuzz-rtp",
            dependencies: ["FuzzSupport", .product(name: "RTP", package: "PlivoSwiftStack")],
            swiftSettings: [.swiftLanguageMode(.v6)]),
        .executableTarget(
            name: "fuzz-stun",
            dependencies: ["FuzzSupport", .product(name: "STUN", package: "PlivoSwiftStack")],
            swiftSettings: [.swiftLanguageMode(.v6)]),
        .executableTarget(
            name: "fuzz-dtls",
            dependencies: ["FuzzSupport", .product(name: "DTLS", package: "PlivoSwiftStack")],
            swiftSettings: [.swiftLanguageMode(.v6)]),
        .executableTarget(
            name: "fuzz-media",
            dependencies: [
                "FuzzSupport",
                .product(name: "MediaTransport", package: "PlivoSwiftStack"),
                .product(name: "AudioPipeline", package: "PlivoSwiftStack"),
                .product(name: "SDP", package: "PlivoSwiftStack"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]),
        .executableTarget(
            name: "fuzz-wav",
            dependencies: [
                "FuzzSupport",
                .product(name: "AudioPipeline", package: "PlivoSwiftStack"),
                .product(name: "SIPUserAgent", package: "PlivoSwiftStack"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]),
        .executableTarget(
            name: "fuzz-conform",
            dependencies: ["FuzzSupport", .product(name: "SIPConformance", package: "PlivoSwiftStack")],
            swiftSettings: [.swiftLanguageMode(.v6)]),
        .executableTarget(
            name: "fuzz-capture",
            dependencies: ["FuzzSupport", .product(name: "CaptureFile", package: "PlivoSwiftStack")],
            swiftSettings: [.swiftLanguageMode(.v6)]),
        .executableTarget(
            name: "fuzz-sip-framer",
            dependencies: ["FuzzSupport", .product(name: "SIPCore", package: "PlivoSwiftStack")],
            swiftSettings: [.swiftLanguageMode(.v6)]),
    ]
)
