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
        .executable(name: "sip-lint", targets: ["sip-lint"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
    ],
    targets: [
        // base
        .target(name: "StackCore", swiftSettings: strict),
        // codecs (pure Swift: no NIO, no C, no clock)
        .target(name: "SIPCore", swiftSettings: strict),
        // engines (RFC 3261 §17 transactions: pure state machines, clock and transport injected)
        .target(name: "SIPTransaction", dependencies: ["SIPCore", "StackCore"], swiftSettings: strict),
        // tools
        .executableTarget(
            name: "sip-lint",
            dependencies: [
                "SIPCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict),
        // tests
        .testTarget(name: "StackCoreTests", dependencies: ["StackCore"], swiftSettings: strict),
        .testTarget(
            name: "SIPCoreTests", dependencies: ["SIPCore"],
            resources: [],
            swiftSettings: strict),
        .testTarget(
            name: "SIPTransactionTests", dependencies: ["SIPTransaction", "SIPCore", "StackCore"],
            swiftSettings: strict),
        .testTarget(name: "ToolTests", dependencies: ["sip-lint"], swiftSettings: strict),
    ]
)
