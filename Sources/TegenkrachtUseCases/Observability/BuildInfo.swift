/// What `/metrics` says of the running build (`tegenkracht_build_info`). Raised with each release.
package enum BuildInfo {
    package static let version = "0.2.0"
}
