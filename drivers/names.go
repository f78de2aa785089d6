package drivers

import "strings"

// QualifiedName is how blocksql writes logical table db.table where people
// read it and filter on it (row history, the audit commands,
// information_schema lookups): "db.table", with a part that holds a '.' or
// a backquote backquoted as MySQL writes it, so `a.b`.c and a.`b.c` stay
// two names. SplitQualified reads it back.
func QualifiedName(db, table string) string { return namePart(db) + "." + namePart(table) }

func namePart(s string) string {
	if !strings.ContainsAny(s, ".`") {
		return s
	}
	return "`" + strings.ReplaceAll(s, "`", "``") + "`"
}

// SplitQualified splits a name QualifiedName wrote (or that a user wrote
// as db.table, either part optionally backquoted).
func SplitQualified(s string) (db, table string, ok bool) {
	db, rest, ok := cutPart(s)
	if !ok || !strings.HasPrefix(rest, ".") {
		return "", "", false
	}
	table, rest, ok = cutPart(rest[1:])
	if !ok || rest != "" || db == "" || table == "" {
		return "", "", false
	}
	return db, table, true
}

// cutPart reads one plain or backquoted name from the start of s.
func cutPart(s string) (part, rest string, ok bool) {
	if !strings.HasPrefix(s, "`") {
		i := strings.IndexByte(s, '.')
		if i < 0 {
			return s, "", true
		}
		return s[:i], s[i:], true
	}
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		if s[i] != '`' {
			b.WriteByte(s[i])
			continue
		}
		if i+1 < len(s) && s[i+1] == '`' {
			b.WriteByte('`')
			i++
			continue
		}
		return b.String(), s[i+1:], true
	}
	return "", "", false
}
