// swift-tools-version:6.0
import PackageDescription

let package = Package(
  name: "Scalpel",
  products: [
    .library(name: "Scalpel", targets: ["Scalpel"]),
    .executable(name: "scalpel", targets: ["scalpel"]),
  ],
  dependencies: [],
  targets: [
    .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
    .target(name: "Scalpel", dependencies: ["CZlib"]),
    .executableTarget(name: "scalpel", dependencies: ["Scalpel"]),
    .executableTarget(
      name: "AlignmentBenchmark", dependencies: ["Scalpel"], path: "Benchmarks/AlignmentBenchmark"),
    .executableTarget(name: "ScalpelFuzz", dependencies: ["Scalpel"], path: "Benchmarks/ScalpelFuzz"),
    .executableTarget(
      name: "TokenEstimate", dependencies: ["Scalpel"], path: "Benchmarks/TokenEstimate"),
    .testTarget(name: "ScalpelTests", dependencies: ["Scalpel"]),
    .testTarget(name: "ScalpelCLITests", dependencies: ["scalpel"]),
  ]
)
