import Foundation

/// Validation of IANA time-zone names.
///
/// Foundation accepts offsets such as `"UTC+7"` as zones and does not list `"UTC"`; the valid
/// set here is the known identifiers plus `UTC` and `Etc/UTC`, and old link names
/// (`Asia/Saigon`) are replaced by their canonical zone.
public enum TimeZoneName {
    private static let known = Set(TimeZone.knownTimeZoneIdentifiers)
    /// Links still found in data, mapped to their canonical zone.
    private static let links: [String: String] = [
        "Asia/Saigon": "Asia/Ho_Chi_Minh", "Asia/Calcutta": "Asia/Kolkata", "Asia/Katmandu": "Asia/Kathmandu",
        "Asia/Rangoon": "Asia/Yangon", "Europe/Kiev": "Europe/Kyiv", "America/Buenos_Aires": "America/Argentina/Buenos_Aires",
        "US/Eastern": "America/New_York", "US/Central": "America/Chicago", "US/Mountain": "America/Denver",
        "US/Pacific": "America/Los_Angeles", "GMT": "UTC", "Etc/GMT": "UTC", "Zulu": "UTC", "Etc/Zulu": "UTC",
        "Universal": "UTC", "Etc/Universal": "UTC",
    ]

    /// The canonical name of a valid zone, or nil when `name` is not one.
    public static func canonical(_ name: String) -> String? {
        if name == "UTC" || name == "Etc/UTC" { return name }
        if let target = links[name] { return target }
        if known.contains(name), TimeZone(identifier: name) != nil { return name }
        return nil
    }
}
