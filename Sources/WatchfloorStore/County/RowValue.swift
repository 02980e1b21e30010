import CSQLite

extension Row {
    /// Column `i` as whatever it holds, for copying rows between stores without knowing their types.
    func value(_ i: Int32) -> SQLValue {
        switch sqlite3_column_type(p, i) {
        case SQLITE_NULL: .null
        case SQLITE_INTEGER: .int(int64(i))
        case SQLITE_FLOAT: .double(double(i))
        case SQLITE_BLOB: .blob(blob(i))
        default: .text(string(i))
        }
    }
}
