package sqlite

import (
	"errors"
	"math"
	"strings"
)

// ENUM and SET columns hold their members' text. What MariaDB stores for a
// value written to one (Field_enum::store, Field_set::store), checked value
// by value against MariaDB 10.11 in strict mode and under IGNORE:
//   - a string equal to a member in the column's collation (trailing spaces
//     aside; a leading space counts) is that member as the column spells it;
//     a SET's string is its comma-separated members, written once each in the
//     order declared ('C,a,a' is 'a,c');
//   - otherwise a string that is a whole unsigned number (leading spaces and
//     a '+' allowed; for an ENUM shorter than 6 characters without its
//     trailing spaces, for a SET than 22) is read as the member's number
//     ('02' is the second member) or the members' bits (' 5' is 'a,c');
//   - a number is its integer part (2.5 and 2.5e0 are the second member);
//   - anything else is an error (1265) in strict mode, and under IGNORE ''
//     (an ENUM's error value, number 0) or the SET members that were found
//     ('x,b,y' is 'b'; a number past the last member keeps the bits of
//     members, -1 is all of them).
// Without this a SQLite node refused ENUM '2', 2.5 or 3.9 and SET 5.5 or
// ' 5' with 1265 where a MariaDB node stored them, and failed every INSERT
// IGNORE of a value no member where MariaDB stored ''.

// memberError begins the error an ENUM or SET conversion raises for a
// value that is no member; sqlError maps it to 1265.
const memberError = "blocksql: no member of column: "

// enumStrict is mysql_enum_value(col, v, members...): v as the member it
// names, NULL as NULL, else 1265.
func enumStrict(col string, v any, members ...any) (any, error) {
	out, ok := enumMember(v, members)
	if !ok {
		return nil, errors.New(memberError + col)
	}
	return out, nil
}

// enumIgnore is mysql_enum_ignore(v, members...): enumStrict under
// IGNORE: the empty string where enumStrict fails.
func enumIgnore(v any, members ...any) any {
	if out, ok := enumMember(v, members); ok {
		return out
	}
	return ""
}

// setStrict is mysql_set_value(col, v, members...).
func setStrict(col string, v any, members ...any) (any, error) {
	out, ok := setMembers(v, members, false)
	if !ok {
		return nil, errors.New(memberError + col)
	}
	return out, nil
}

// setIgnore is mysql_set_ignore(v, members...).
func setIgnore(v any, members ...any) any {
	out, _ := setMembers(v, members, true)
	return out
}

// enumMember is the member v stands for, NULL for NULL; false when none.
func enumMember(v any, members []any) (any, bool) {
	if isNull(v) {
		return nil, true
	}
	n := int64(0)
	switch x := v.(type) {
	case int64:
		n = x
	case float64:
		n = int64(clippedInt(math.Trunc(x)))
	case string:
		key := generalCIKey(x)
		for _, m := range members {
			if s, ok := m.(string); ok && generalCIKey(s) == key {
				return s, true
			}
		}
		t := strings.TrimRight(x, " ")
		u, ok := unsignedText(t)
		if !ok || len(t) >= 6 {
			return nil, false
		}
		n = int64(min(u, math.MaxInt64))
	default:
		return nil, false
	}
	if n < 1 || n > int64(len(members)) {
		return nil, false
	}
	return members[n-1], true
}

// setMembers is the SET value v stands for, NULL for NULL. Under ignore
// it is what MariaDB keeps with a warning, and ok tells whether a strict
// write stores it.
func setMembers(v any, members []any, ignore bool) (any, bool) {
	if isNull(v) {
		return nil, true
	}
	mask := uint64(math.MaxUint64)
	if len(members) < 64 {
		mask = 1<<len(members) - 1
	}
	var bits uint64
	switch x := v.(type) {
	case int64:
		bits = uint64(x)
		if x < 0 && !ignore {
			return nil, false
		}
	case float64:
		n := int64(clippedInt(math.Trunc(x)))
		if n < 0 && !ignore {
			return nil, false
		}
		bits = uint64(n)
	case string:
		if x == "" {
			return "", true
		}
		found, all := setNames(x, members)
		if found != 0 || len(x) >= 22 {
			return memberList(found, members), all
		}
		u, ok := unsignedText(x)
		if !ok {
			return "", false
		}
		bits = u
	default:
		return nil, false
	}
	return memberList(bits&mask, members), bits&^mask == 0
}

// setNames is the bits of the members x's comma-separated parts name, and
// whether every part named one.
func setNames(x string, members []any) (uint64, bool) {
	var bits uint64
	all := true
	for part := range strings.SplitSeq(x, ",") {
		key, found := generalCIKey(part), false
		for i, m := range members {
			if s, ok := m.(string); ok && key != "" && generalCIKey(s) == key && !strings.HasPrefix(part, " ") {
				bits |= 1 << i
				found = true
				break
			}
		}
		all = all && found
	}
	return bits, all
}

// memberList writes the members of bits, in the order declared.
func memberList(bits uint64, members []any) string {
	var out []string
	for i, m := range members {
		if s, ok := m.(string); ok && i < 64 && bits&(1<<i) != 0 {
			out = append(out, s)
		}
	}
	return strings.Join(out, ",")
}

// unsignedText reads s as MariaDB's strntoull does a whole string:
// leading spaces, a sign ('-' wraps around, as there), digits to the end.
func unsignedText(s string) (uint64, bool) {
	s = strings.TrimLeft(s, " ")
	neg := false
	if s != "" && (s[0] == '+' || s[0] == '-') {
		neg, s = s[0] == '-', s[1:]
	}
	if !isDigits(s) {
		return 0, false
	}
	n := saturatedUint(s)
	if neg {
		n = -n
	}
	return n, true
}
