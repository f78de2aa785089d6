package consensus

import (
	"bytes"
	"crypto/ed25519"
	"errors"
	"reflect"
	"strings"
	"testing"
)

// inlineGroup is sessionsGroup with its INSERTs lifted, as a session sends
// them.
func inlineGroup(n int) *Tx {
	tx := sessionsGroup(n)
	for i := range tx.Statements {
		tx.Statements[i].Inline = true
	}
	return tx
}

// TestTxInlineStatementStoredCut: a lifted statement's text is stored cut
// at its literals, so the group holds each value once; it decodes to the
// text as sent and the same statements, verifies, and re-encodes to the
// same bytes. The same goes for a one-statement transaction.
func TestTxInlineStatementStoredCut(t *testing.T) {
	plain, inline := signedTx(t, sessionsGroup(64)), signedTx(t, inlineGroup(64))
	// Each statement leaves out its string literal ('c%d', 4 to 5 bytes)
	// and its integer (1 or 2 digits), and adds a byte per parameter.
	if saved := len(plain) - len(inline); saved < 64*(4+1-2) {
		t.Errorf("inline group %d bytes, plain %d: %d saved", len(inline), len(plain), saved)
	}
	single := &Tx{Database: "d", Statements: []Statement{{SQL: "insert into t values (-7, 18446744073709551615, 'a b', '')",
		Canonical: "INSERT INTO `t` VALUES (?,?,?,?)", Inline: true,
		Params: []Value{{Kind: KindInt, Int: -7}, {Kind: KindUint, Uint: 1<<64 - 1}, {Kind: KindString, Bytes: []byte("a b")},
			{Kind: KindString}}}}}
	for name, tx := range map[string]*Tx{"group": inlineGroup(64), "single": single} {
		raw := signedTx(t, tx)
		got, err := UnmarshalTx(raw)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !reflect.DeepEqual(got.Statements, tx.Statements) {
			t.Fatalf("%s: decoded %+v", name, got.Statements[0])
		}
		if err := got.Verify(); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		if !bytes.Equal(got.Marshal(), raw) {
			t.Errorf("%s: re-encoding a decoded transaction changed its bytes", name)
		}
		if bytes.Contains(raw, []byte(tx.Statements[0].SQL)) {
			t.Errorf("%s: the text is stored as sent", name)
		}
	}
}

// An inline statement whose literals do not read in its text as plain
// literals (a double-quoted string, a doubled quote, a float) keeps its
// mark and is stored as sent.
func TestTxInlineStatementStoredAsSentWhenItCannotBeCut(t *testing.T) {
	for _, st := range []Statement{
		{SQL: `INSERT INTO t VALUES ("x")`, Params: []Value{{Kind: KindString, Bytes: []byte("x")}}},
		{SQL: `INSERT INTO t VALUES ('it''s')`, Params: []Value{{Kind: KindString, Bytes: []byte("it's")}}},
		{SQL: `INSERT INTO t VALUES (1, 1.5)`, Params: []Value{{Kind: KindInt, Int: 1}, {Kind: KindFloat, Float: 1.5}}},
		{SQL: `INSERT INTO t VALUES (2, 1)`, Params: []Value{{Kind: KindInt, Int: 1}, {Kind: KindInt, Int: 2}}},
	} {
		st.Canonical, st.Inline = "INSERT INTO `t` VALUES (?)", true
		raw := signedTx(t, &Tx{Statements: []Statement{st}})
		if !bytes.Contains(raw, []byte(st.SQL)) {
			t.Errorf("%s: not stored as sent", st.SQL)
		}
		if got, err := UnmarshalTx(raw); err != nil || !reflect.DeepEqual(got.Statements[0], st) {
			t.Errorf("%s: decoded %v", st.SQL, err)
		}
	}
}

// A statement has one encoding: a text that could be cut stored as sent, a
// cut at a later match than the first, a cut or an inline mark without
// parameters or on a statement not inline, and a cut text that is a delta
// too are malformed.
func TestTxSQLCutStaysStrict(t *testing.T) {
	st := Statement{SQL: "INSERT INTO t1 VALUES (1)", Canonical: "INSERT INTO `t1` VALUES (?)",
		Params: []Value{{Kind: KindInt, Int: 1}}}
	// The flags byte is just before the signature field (a length byte
	// and 64 bytes).
	flags := func(raw []byte) int { return len(raw) - 1 - 1 - ed25519.SignatureSize }
	raw := signedTx(t, &Tx{Statements: []Statement{st}})
	inlined := st
	inlined.Inline = true
	cut := signedTx(t, &Tx{Statements: []Statement{inlined}})
	if raw[flags(raw)] != 0 || cut[flags(cut)] != stmtFlagInline|stmtFlagSQLCut {
		t.Fatalf("flags %x and %x", raw[flags(raw)], cut[flags(cut)])
	}
	// The honest cut takes the 1 of t1; this one the value's.
	later := bytes.Clone(cut)
	honest := append([]byte{13}, "INSERT INTO t VALUES (1)"...)
	i := bytes.Index(later, honest)
	if i < 0 {
		t.Fatalf("cut field %q not in %q", honest, later)
	}
	copy(later[i:], append([]byte{22}, "INSERT INTO t1 VALUES ()"...))
	noParams := signedTx(t, &Tx{Statements: []Statement{{SQL: "DELETE FROM t", Canonical: "DELETE FROM `t`"}}})
	for name, c := range map[string]struct {
		raw   []byte
		flags byte
	}{
		"cuttable text stored as sent": {raw, stmtFlagInline},
		"cut without the inline mark":  {raw, stmtFlagSQLCut},
		"cut at a later match":         {later, stmtFlagInline | stmtFlagSQLCut},
		"cut text read as sent":        {cut, stmtFlagInline},
		"inline without parameters":    {noParams, stmtFlagInline},
		"cut and a delta":              {cut, stmtFlagInline | stmtFlagSQLCut | stmtFlagSQLDelta},
		"cut beyond its text":          {raw, stmtFlagInline | stmtFlagSQLCut},
	} {
		b := bytes.Clone(c.raw)
		b[flags(b)] = c.flags
		if _, err := UnmarshalTx(b); !errors.Is(err, ErrMalformedTx) {
			t.Errorf("%s: got %v, want ErrMalformedTx", name, err)
		}
	}
	for _, b := range [][]byte{raw, cut} {
		if _, err := UnmarshalTx(b); err != nil {
			t.Errorf("the transactions as encoded: %v", err)
		}
	}
	// A statement marked inline without parameters is written without
	// the mark, so its transaction decodes.
	bare := signedTx(t, &Tx{Statements: []Statement{{SQL: "DELETE FROM t", Canonical: "DELETE FROM `t`", Inline: true}}})
	if got, err := UnmarshalTx(bare); err != nil || got.Statements[0].Inline {
		t.Errorf("inline without parameters: %v", err)
	}
}

// cutSQL and uncutSQL are inverses on every text a parameter list reads
// in, whatever its literals match.
func TestSQLCutRebuildsTheText(t *testing.T) {
	one := []Value{{Kind: KindInt, Int: 1}}
	for _, c := range []struct {
		sql    string
		params []Value
	}{
		{"1", one}, {"x1y1", one}, {"''", []Value{{Kind: KindString}}},
		{"'a''b'", []Value{{Kind: KindString, Bytes: []byte("a")}, {Kind: KindString, Bytes: []byte("b")}}},
		{strings.Repeat("9", 100), []Value{{Kind: KindInt, Int: 99}, {Kind: KindUint, Uint: 9}}},
	} {
		field, ok := cutSQL(c.sql, c.params)
		if !ok {
			t.Fatalf("%q not cut", c.sql)
		}
		if got, err := uncutSQL(field, c.params); err != nil || got != c.sql {
			t.Errorf("%q: rebuilt %q, %v", c.sql, got, err)
		}
	}
}
