// Semantic roles: widgets and panes ask for a role ("this is a Ⅰ-level row"), the theme decides its colours.

/// What a piece of the screen *means*; `Theme` maps each role to a `Style`. Raw values are the keys in theme files.
public enum Role: String, CaseIterable, Hashable, Sendable {
    // Text and chrome.
    case text, dim, border, borderFocused, title, titleFocused, header, selection, selectionUnfocused
    case statusBar, statusBarAccent, hint, link
    // Incident levels (Ⅰ red, Ⅱ orange, Ⅲ yellow, Ⅳ blue).
    case level1, level2, level3, level4
    // Lifecycle states.
    case statusNew, statusAcked, statusDone
    // Deadlines and health.
    case overdue, nearDue, ok, warning, critical, flash
    // Grid map.
    case mapLoad0, mapLoad1, mapLoad2, mapLoad3, mapLoad4, mapBorder, mapSelected, mapLabel
    // Overlays and input.
    case dialog, dialogBorder, dialogTitle, input, inputCursor, help, helpKey, helpGroup
    case sparkline

    /// The role of an incident/alert level 1…4 (`nil` for anything else).
    public static func level(_ n: Int) -> Role? {
        switch n {
        case 1: return .level1
        case 2: return .level2
        case 3: return .level3
        case 4: return .level4
        default: return nil
        }
    }

    /// The role for a map load bucket 0…4 (clamped).
    public static func mapLoad(_ n: Int) -> Role {
        [.mapLoad0, .mapLoad1, .mapLoad2, .mapLoad3, .mapLoad4][min(4, max(0, n))]
    }

    /// Roles that carry meaning through a background colour; without colour they fall back to reverse video.
    static let backgroundRoles: Set<Role> = [
        .selection, .statusBar, .statusBarAccent, .dialog, .input, .inputCursor, .flash, .header, .mapSelected,
    ]
    /// Roles that must stand out without colour (bold).
    static let emphasisRoles: Set<Role> = [
        .selection, .titleFocused, .borderFocused, .level1, .critical, .overdue, .flash, .statusNew, .helpKey,
        .dialogTitle, .mapSelected, .inputCursor,
    ]
}
