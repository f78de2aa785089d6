package consensus

import (
	"bytes"
	"encoding/binary"
	"errors"
	"strconv"
)

// A lifted statement (Statement.Inline: an INSERT sent as text whose
// literals the session made its parameters, replay/lift.go) carries its
// values twice, in its text as sent and as its parameters: ~190 of the
// ~430 bytes of a sysbench INSERT in a group. Such a text is stored cut at
// its parameters' literals (statement flag stmtFlagSQLCut) when each
// parameter, in order, reads in it as a plain literal (an integer in
// decimal, a string between single quotes): the SQL field is then a uvarint
// per parameter, the bytes of the text before its literal since the one
// before, followed by the text without the literals. The cut is only a
// way of storing the bytes: whatever a match stands for in the SQL, the
// text rebuilt is the text as sent. Each literal is the first match after
// the one before, and a text is cut exactly when it can be, so a statement
// has one encoding (statementSQL checks both).

// appendLiteral appends how v reads as a plain literal in a text, or
// reports that it has no such form.
func appendLiteral(b []byte, v Value) ([]byte, bool) {
	switch v.Kind {
	case KindInt:
		return strconv.AppendInt(b, v.Int, 10), true
	case KindUint:
		return strconv.AppendUint(b, v.Uint, 10), true
	case KindString:
		b = append(b, '\'')
		b = append(b, v.Bytes...)
		return append(b, '\''), true
	}
	return b, false
}

// cutSQL is the SQL field of sql cut at params' literals, or false when a
// parameter has no plain literal or its literal is not in the rest of the
// text.
func cutSQL(sql string, params []Value) ([]byte, bool) {
	if len(params) == 0 || len(sql) >= SQLDeltaMin {
		return nil, false
	}
	text := []byte(sql)
	out := make([]byte, 0, len(sql)+2*len(params))
	var lit []byte
	rest, at := text, 0
	var kept [][2]int // the spans of text kept, in order
	for _, p := range params {
		var ok bool
		if lit, ok = appendLiteral(lit[:0], p); !ok {
			return nil, false
		}
		i := bytes.Index(rest, lit)
		if i < 0 {
			return nil, false
		}
		out = binary.AppendUvarint(out, uint64(i))
		kept = append(kept, [2]int{at, at + i})
		at += i + len(lit)
		rest = text[at:]
	}
	for _, k := range kept {
		out = append(out, text[k[0]:k[1]]...)
	}
	return append(out, rest...), true
}

var errBadCut = errors.New("statement text cut beyond its end")

// uncutSQL rebuilds the text whose SQL field, cut at params' literals, is
// field.
func uncutSQL(field []byte, params []Value) (string, error) {
	gaps := make([]uint64, len(params))
	for i := range gaps {
		g, n := binary.Uvarint(field)
		if n <= 0 {
			return "", errBadCut
		}
		gaps[i], field = g, field[n:]
	}
	out := make([]byte, 0, len(field)+24*len(params))
	for i, g := range gaps {
		if g > uint64(len(field)) {
			return "", errBadCut
		}
		out = append(out, field[:g]...)
		field = field[g:]
		var ok bool
		if out, ok = appendLiteral(out, params[i]); !ok {
			return "", errors.New("statement text cut at a parameter with no literal")
		}
	}
	return string(append(out, field...)), nil
}
