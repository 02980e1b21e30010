// The `?` help screen, generated from the KeyMap so it can never drift from the real bindings.

import WatchfloorCore

/// Lists every binding by group ("a  确认"), in columns when one is not tall enough, inside a centred box.
public struct HelpOverlay: Sendable {
    public var keyMap: KeyMap
    public var language: UILanguage
    public var scope: String?

    /// `scope`: show only bindings of that scope plus global ones (`nil`: all).
    public init(keyMap: KeyMap, language: UILanguage, scope: String? = nil) {
        self.keyMap = keyMap
        self.language = language
        self.scope = scope
    }

    public var title: String { language == .zh ? "帮助 · 按 Esc 或 ? 关闭" : "Help · Esc or ? to close" }

    /// The overlay's lines: a group heading, then "keys  help" rows, a blank line between groups.
    public func entries() -> [(keys: String, text: String, isGroup: Bool)] {
        var groups: [(Localized, [KeyBinding])] = []
        for b in keyMap.bindings where !b.keys.isEmpty && (scope == nil || b.scope == "global" || b.scope == scope) {
            if let i = groups.firstIndex(where: { $0.0 == b.group }) { groups[i].1.append(b) }
            else { groups.append((b.group, [b])) }
        }
        var out: [(String, String, Bool)] = []
        for (n, (group, bindings)) in groups.enumerated() {
            if n > 0 { out.append(("", "", false)) }
            out.append(("", group.text(language), true))
            for b in bindings {
                out.append((b.keys.map(\.description).joined(separator: " "), b.help.text(language), false))
            }
        }
        return out
    }

    /// Groups packed into columns of at most `height` rows: a group moves to the next column whole unless it is
    /// taller than a column; a blank row separates groups within a column.
    static func pack(_ groups: [[Entry]], height: Int) -> [[Entry]] {
        var columns: [[Entry]] = [[]]
        for group in groups {
            let needed = group.count + (columns[columns.count - 1].isEmpty ? 0 : 1)
            if !columns[columns.count - 1].isEmpty && columns[columns.count - 1].count + needed > height {
                columns.append([])
            }
            if !columns[columns.count - 1].isEmpty { columns[columns.count - 1].append(("", "", false)) }
            for row in group {
                if columns[columns.count - 1].count >= height { columns.append([]) }
                columns[columns.count - 1].append(row)
            }
        }
        return columns
    }

    typealias Entry = (keys: String, text: String, isGroup: Bool)

    @discardableResult
    public func render(into buffer: inout Buffer, area: Rect, theme: Theme) -> Rect {
        let rows = entries()
        var groups: [[Entry]] = []
        for row in rows where !(row.keys.isEmpty && !row.isGroup) {
            if row.isGroup { groups.append([row]) } else { groups[groups.count - 1].append(row) }
        }
        let keyWidth = rows.map { DisplayWidth.of($0.keys) }.max() ?? 0
        let textWidth = rows.filter { !$0.isGroup }.map { DisplayWidth.of($0.text) }.max() ?? 0
        let groupWidth = rows.filter(\.isGroup).map { DisplayWidth.of($0.text) }.max() ?? 0
        let columnWidth = max(keyWidth + 2 + textWidth, groupWidth)
        // As few columns as fit the area, then the shortest height that keeps that many columns.
        let maxHeight = max(1, area.height - 2)
        let columnCount = HelpOverlay.pack(groups, height: maxHeight).count
        var height = maxHeight
        while height > 1 && HelpOverlay.pack(groups, height: height - 1).count <= columnCount { height -= 1 }
        let columns = HelpOverlay.pack(groups, height: height)
        let innerWidth = columns.count * columnWidth + (columns.count - 1) * 3 + 2
        let box = area.centered(width: max(innerWidth + 2, DisplayWidth.of(title) + 6),
                                height: (columns.map(\.count).max() ?? 0) + 2)
        buffer.fill(box, style: theme[.help])
        let inner = Block(title: title, focused: true, borderRole: .helpGroup, titleRole: .helpGroup,
                          fillRole: .help, borders: .plain).render(into: &buffer, area: box, theme: theme)
        for (c, column) in columns.enumerated() {
            let x = inner.x + 1 + c * (columnWidth + 3)
            guard x < inner.maxX else { break }
            let room = inner.maxX - x
            for (line, row) in column.enumerated() where inner.y + line < inner.maxY {
                let y = inner.y + line
                if row.isGroup {
                    buffer.put(row.text, x: x, y: y, style: theme[.helpGroup], maxWidth: room)
                } else if !row.keys.isEmpty {
                    buffer.put(DisplayWidth.pad(row.keys, to: keyWidth), x: x, y: y, style: theme[.helpKey],
                               maxWidth: room)
                    buffer.put(row.text, x: x + keyWidth + 2, y: y, style: theme[.help],
                               maxWidth: room - keyWidth - 2)
                }
            }
        }
        return box
    }
}
