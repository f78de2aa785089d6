package consensus

import (
	"bytes"
	"crypto/ed25519"
	"encoding/binary"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

func signedTx(t *testing.T, tx *Tx) []byte {
	t.Helper()
	_, key, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	tx.Sign(key)
	return tx.Marshal()
}

func TestTxAnswersRoundTrip(t *testing.T) {
	tx := &Tx{Database: "shop", User: "app", Nonce: 7, Statements: []Statement{
		{SQL: "INSERT INTO p VALUES (NULL)", Canonical: "INSERT INTO `p` VALUES (NULL)",
			Answer: &Answer{RowsAffected: 1, InsertID: 41, AutoID: 41}},
		{SQL: "INSERT INTO p VALUES (1)", Canonical: "INSERT INTO `p` VALUES (1)", Answer: &Answer{Code: 1062}},
		{SQL: "UPDATE p SET a = 1", Canonical: "UPDATE `p` SET `a`=1", Answer: &Answer{RowsAffected: 1, RowsMatched: 3}},
		{SQL: "SELECT * FROM p FOR UPDATE", Canonical: "SELECT * FROM `p`", Read: true,
			Answer: &Answer{ReadDigest: make([]byte, 32)}},
		{SQL: "UPDATE p SET a = ?", Canonical: "UPDATE `p` SET `a`=?", Params: []Value{{Kind: KindInt, Int: 3}}},
		{SQL: "INSERT INTO p VALUES (NULL)", Canonical: "INSERT INTO `p` VALUES (NULL)", IDFloor: 99},
	}}
	got, err := UnmarshalTx(signedTx(t, tx))
	if err != nil {
		t.Fatal(err)
	}
	if err := got.Verify(); err != nil {
		t.Fatalf("signature after decoding: %v", err)
	}
	if got.Version != TxVersion || !reflect.DeepEqual(got.Statements, tx.Statements) {
		t.Fatalf("decoded %+v, want %+v", got.Statements, tx.Statements)
	}
	if !got.Interactive() {
		t.Fatal("a transaction with answers is interactive")
	}
}

func TestTxVersion1StillDecodesAndVerifies(t *testing.T) {
	tx := &Tx{Version: txVersion1, Database: "d", Statements: []Statement{{SQL: "DELETE FROM t", Canonical: "DELETE FROM `t`"}}}
	raw := signedTx(t, tx)
	if raw[4] != txVersion1 {
		t.Fatalf("encoded version %d, want 1", raw[4])
	}
	got, err := UnmarshalTx(raw)
	if err != nil {
		t.Fatal(err)
	}
	if err := got.Verify(); err != nil {
		t.Fatalf("version 1 signature: %v", err)
	}
	if got.Interactive() || got.Statements[0].Answer != nil {
		t.Fatal("a version 1 transaction has no answers")
	}
}

func TestTxDecodingStaysStrict(t *testing.T) {
	raw := signedTx(t, &Tx{Statements: []Statement{{SQL: "x", Canonical: "x", Answer: &Answer{RowsAffected: 1}}}})
	for name, mutate := range map[string]func([]byte) []byte{
		"unknown version": func(b []byte) []byte { b[4] = 9; return b },
		"trailing byte":   func(b []byte) []byte { return append(b, 0) },
		"truncated":       func(b []byte) []byte { return b[:len(b)-70] },
		// The database name's length 0 written in two bytes: the same
		// signed transaction under another hash.
		"overlong varint": func(b []byte) []byte { return append(append(b[:5:5], 0x80, 0x00), b[6:]...) },
	} {
		b := mutate(append([]byte(nil), raw...))
		if _, err := UnmarshalTx(b); !errors.Is(err, ErrMalformedTx) {
			t.Errorf("%s: got %v, want ErrMalformedTx", name, err)
		}
	}
	bad := &Tx{Statements: []Statement{{SQL: "x", Canonical: "x", Read: true}}}
	if _, err := UnmarshalTx(signedTx(t, bad)); !errors.Is(err, ErrMalformedTx) {
		t.Errorf("read without answer: got %v", err)
	}
}

// groupTx is a grouped transaction of three sessions' writes.
func groupTx() *Tx {
	return &Tx{Nonce: 5, Group: []Context{
		{Database: "shop", SQLMode: "ANSI_QUOTES", TimeZone: "+02:00", User: "alice", ClientAddr: "10.0.0.1:5000"},
		{Database: "shop", User: "bob", ClientAddr: "10.0.0.2:6000"},
		{Database: "crm", TimeZone: "UTC", User: "carol", ClientAddr: "10.0.0.3:7000"},
	}, Statements: []Statement{
		{SQL: "INSERT INTO p VALUES (NULL)", Canonical: "INSERT INTO `p` VALUES (NULL)", IDFloor: 12},
		{SQL: "UPDATE p SET a = ?", Canonical: "UPDATE `p` SET `a`=?", Params: []Value{{Kind: KindInt, Int: 3}}},
		{SQL: "delete from c", Canonical: "DELETE FROM `c`"},
	}}
}

func TestTxGroupRoundTrip(t *testing.T) {
	tx := groupTx()
	raw := signedTx(t, tx)
	if raw[4] != TxVersionGroup {
		t.Fatalf("encoded version %d, want %d", raw[4], TxVersionGroup)
	}
	got, err := UnmarshalTx(raw)
	if err != nil {
		t.Fatal(err)
	}
	if err := got.Verify(); err != nil {
		t.Fatalf("signature after decoding: %v", err)
	}
	if !got.Grouped() || got.Interactive() || !reflect.DeepEqual(got.Group, tx.Group) || !reflect.DeepEqual(got.Statements, tx.Statements) {
		t.Fatalf("decoded %+v %+v, want %+v %+v", got.Group, got.Statements, tx.Group, tx.Statements)
	}
	if c := got.ContextOf(2); c.User != "carol" || c.Database != "crm" {
		t.Fatalf("statement 2's context: %+v", c)
	}
	if !bytes.Equal(got.Marshal(), raw) {
		t.Fatal("a decoded group encodes to other bytes")
	}
}

func TestTxGroupDecodingStaysStrict(t *testing.T) {
	answered := groupTx()
	answered.Statements[1].Answer = &Answer{RowsAffected: 1}
	empty := &Tx{Group: []Context{}}
	for name, tx := range map[string]*Tx{"answered statement": answered, "no statements": empty} {
		if _, err := UnmarshalTx(signedTx(t, tx)); !errors.Is(err, ErrMalformedTx) {
			t.Errorf("%s: got %v, want ErrMalformedTx", name, err)
		}
	}
	raw := signedTx(t, groupTx())
	raw[4] = TxVersion // the same bytes read as an ordinary transaction
	if _, err := UnmarshalTx(raw); !errors.Is(err, ErrMalformedTx) {
		t.Errorf("group read as version 2: got %v, want ErrMalformedTx", err)
	}
}

func TestTxResultMember(t *testing.T) {
	r := &TxResult{Height: 4, Failed: -1, Statements: []StmtResult{{RowsAffected: 1, LastInsertID: 7}, {Code: 1062, Message: "dup"}}}
	if m := r.Member(0); !m.OK() || m.Height != 4 || m.Statements[0].LastInsertID != 7 {
		t.Fatalf("member 0: %+v", m)
	}
	if m := r.Member(1); m.OK() || m.Failed != 0 || m.Statements[0].Code != 1062 {
		t.Fatalf("member 1: %+v", m)
	}
}

// A result carries the rows an UPDATE matched only when some statement
// matched rows it did not change, so other results encode, and hash into
// the AppHash, as before.
func TestTxResultRowsMatched(t *testing.T) {
	plain := &TxResult{Height: 3, Failed: -1, Statements: []StmtResult{{RowsAffected: 2, RowsMatched: 2}, {RowsAffected: 1}}}
	old := &TxResult{Height: 3, Failed: -1, Statements: []StmtResult{{RowsAffected: 2}, {RowsAffected: 1}}}
	if string(plain.Consensus()) != string(old.Consensus()) || string(plain.Marshal()) != string(old.Marshal()) {
		t.Fatal("a result without unchanged matched rows must encode as before")
	}
	matched := &TxResult{Height: 3, Failed: -1, Statements: []StmtResult{{RowsAffected: 2, RowsMatched: 5}, {RowsAffected: 1}}}
	if string(matched.Consensus()) == string(old.Consensus()) {
		t.Fatal("rows matched must be part of the agreed result")
	}
	got, err := UnmarshalTxResult(matched.Marshal())
	if err != nil {
		t.Fatal(err)
	}
	if got.Statements[0].FoundRows() != 5 || got.Statements[1].FoundRows() != 1 || got.Statements[0].RowsAffected != 2 {
		t.Fatalf("decoded %+v", got.Statements)
	}
}

// A large statement's text as sent is stored as a delta against its
// canonical text, so the chain transaction holds its literal once; it
// decodes to the text as sent, verifies, and re-encodes to the same bytes.
func TestTxLargeStatementStoredOnce(t *testing.T) {
	literal := strings.Repeat("blocksql stores a large literal once; ", 1<<16) // 2.4 MiB
	binary := "\x00\x01'\\" + literal[:1<<14] + "\xff\xfe"
	for name, st := range map[string]Statement{
		"literal": {SQL: "insert into t values ('" + literal + "')  -- as sent",
			Canonical: "INSERT INTO `t` VALUES (_UTF8MB4'" + literal + "')"},
		"escaped bytes": {SQL: "INSERT INTO t VALUES (_binary'" + strings.ReplaceAll(binary, "'", "\\'") + "')",
			Canonical: "INSERT INTO `t` VALUES (_BINARY'" + strings.ReplaceAll(binary, "'", "''") + "')"},
	} {
		raw := signedTx(t, &Tx{Database: "d", Statements: []Statement{st}})
		if limit := len(st.Canonical) + len(st.Canonical)/10; len(raw) > limit {
			t.Errorf("%s: a %d-byte statement made a %d-byte transaction, want at most %d", name, len(st.SQL), len(raw), limit)
		}
		got, err := UnmarshalTx(raw)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got.Statements[0].SQL != st.SQL || got.Statements[0].Canonical != st.Canonical {
			t.Fatalf("%s: the statement did not decode to its text as sent", name)
		}
		if err := got.Verify(); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !bytes.Equal(got.Marshal(), raw) {
			t.Fatalf("%s: re-encoding a decoded transaction changed its bytes", name)
		}
	}
}

// Statements short, or whose text shares little with the canonical text,
// are stored as sent.
func TestTxStatementStoredAsSent(t *testing.T) {
	unrelated := strings.Repeat("0123456789abcdef", 1<<10)
	for _, st := range []Statement{
		{SQL: "INSERT INTO t VALUES ('abc')", Canonical: "INSERT INTO `t` VALUES (_UTF8MB4'abc')"},
		{SQL: "INSERT INTO t VALUES (x'" + unrelated + "')", Canonical: "INSERT INTO `t` VALUES (?)"},
	} {
		raw := signedTx(t, &Tx{Statements: []Statement{st}})
		if !bytes.Contains(raw, []byte(st.SQL)) {
			t.Errorf("%.40q: not stored as sent", st.SQL)
		}
		if got, err := UnmarshalTx(raw); err != nil || got.Statements[0].SQL != st.SQL {
			t.Errorf("%.40q: decoded %v", st.SQL, err)
		}
	}
}

// A delta that copies beyond the canonical text, or that would blow a
// small transaction up beyond the largest one, is malformed.
func TestTxSQLDeltaStaysStrict(t *testing.T) {
	canonical := strings.Repeat("c", 1<<16)
	copyAll := binary.AppendUvarint(nil, uint64(len(canonical))<<1|1)
	copyAll = binary.AppendUvarint(copyAll, 0)
	for name, ops := range map[string][]byte{
		"copy beyond the canonical text": binary.AppendUvarint(binary.AppendUvarint(nil, 5<<1|1), uint64(len(canonical)-2)),
		"literal beyond end":             binary.AppendUvarint(nil, 50<<1),
		"empty operation":                {0},
		"beyond the largest transaction": bytes.Repeat(copyAll, MaxTxBytes/len(canonical)+1),
	} {
		raw := signedTx(t, &Tx{Statements: []Statement{{SQL: string(ops), Canonical: canonical}}})
		// The statement's flags byte is just before the signature field
		// (a length byte and 64 bytes).
		flags := len(raw) - 1 - 1 - ed25519.SignatureSize
		if raw[flags] != 0 {
			t.Fatalf("%s: flags byte at %d is %d", name, flags, raw[flags])
		}
		raw[flags] = stmtFlagSQLDelta
		if _, err := UnmarshalTx(raw); !errors.Is(err, ErrMalformedTx) {
			t.Errorf("%s: got %v, want ErrMalformedTx", name, err)
		}
		raw[flags] = 0
		if _, err := UnmarshalTx(raw); err != nil {
			t.Errorf("%s: the same bytes stored as sent: %v", name, err)
		}
	}
}

// sessionsGroup is a group as many clients' autocommit INSERTs make it:
// one database, SQL mode, time zone, user and statement text, a client
// address each.
func sessionsGroup(n int) *Tx {
	tx := &Tx{Nonce: 11}
	for i := range n {
		tx.Group = append(tx.Group, Context{Database: "sbtest", SQLMode: "STRICT_TRANS_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION",
			TimeZone: "SYSTEM", User: "app", ClientAddr: fmt.Sprintf("127.0.0.1:%d", 40000+i)})
		tx.Statements = append(tx.Statements, Statement{SQL: fmt.Sprintf("INSERT INTO t (k, c) VALUES (%d, 'c%d')", i, i),
			Canonical: "INSERT INTO `t` (`k`,`c`) VALUES (?,?)",
			Params:    []Value{{Kind: KindInt, Int: int64(i)}, {Kind: KindString, Bytes: fmt.Appendf(nil, "c%d", i)}}})
	}
	tx.Group[n/2].User = "admin" // one session of another user, then the first again
	return tx
}

// TestTxGroupWritesRepeatsOnce: a version 5 group writes a context field or
// a canonical text that repeats the statement before's once, decodes to
// the same transaction, and verifies; a version 3 group, as earlier
// builds wrote them, still decodes, verifies and keeps its bytes.
func TestTxGroupWritesRepeatsOnce(t *testing.T) {
	tx := sessionsGroup(64)
	raw := signedTx(t, tx)
	old := sessionsGroup(64)
	old.Version = txVersionGroup3
	rawOld := signedTx(t, old)
	if raw[4] != TxVersionGroup || rawOld[4] != txVersionGroup3 {
		t.Fatalf("versions %d and %d", raw[4], rawOld[4])
	}
	// Each statement after the first leaves out the SQL mode (70 bytes),
	// the database, the time zone and the canonical text (39 bytes).
	if saved := len(rawOld) - len(raw); saved < 63*(70+6+6+39) {
		t.Errorf("version 5 is %d bytes, version 3 %d: %d saved", len(raw), len(rawOld), saved)
	}
	for name, b := range map[string][]byte{"version 5": raw, "version 3": rawOld} {
		got, err := UnmarshalTx(b)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := got.Verify(); err != nil {
			t.Errorf("%s: signature after decoding: %v", name, err)
		}
		if !reflect.DeepEqual(got.Group, tx.Group) || !reflect.DeepEqual(got.Statements, tx.Statements) {
			t.Errorf("%s: decoded another group", name)
		}
		if !bytes.Equal(got.Marshal(), b) {
			t.Errorf("%s: a decoded group encodes to other bytes", name)
		}
		tampered := bytes.Clone(b)
		tampered[len(tampered)-100] ^= 1 // a byte of the last statement's parameters
		if got, err := UnmarshalTx(tampered); err == nil && got.Verify() == nil {
			t.Errorf("%s: a changed byte still verifies", name)
		}
	}
}

// TestTxGroupEncodingIsStrict: a version 5 group has one encoding. A
// repeated field or canonical text written out, a repeat claimed by the
// first statement, or an unknown bit is malformed.
func TestTxGroupEncodingIsStrict(t *testing.T) {
	ctx := Context{Database: "d", SQLMode: "m", TimeZone: "z", User: "u", ClientAddr: "a"}
	stmt := func(b []byte, same byte, c Context, canonical string) []byte {
		b = append(b, same)
		b = appendContextExcept(b, c, same)
		b = appendBytes(b, "INSERT INTO t VALUES (1)")
		if same&groupSameCanonical == 0 {
			b = appendBytes(b, canonical)
		}
		b = binary.AppendUvarint(b, 0) // no parameters
		return append(b, 0)            // no answer
	}
	encode := func(same1, same2 byte, c2 Context, canonical2 string) []byte {
		b := append(txMagic[:], TxVersionGroup)
		b = appendBytes(b, make([]byte, 32))
		b = binary.BigEndian.AppendUint64(b, 1)
		b = binary.AppendUvarint(b, 2)
		b = stmt(b, same1, ctx, "INSERT INTO `t` VALUES (1)")
		b = stmt(b, same2, c2, canonical2)
		return appendBytes(b, make([]byte, 64))
	}
	other := ctx
	other.ClientAddr = "b"
	good := encode(0, 0x0f|groupSameCanonical, other, "")
	if _, err := UnmarshalTx(good); err != nil {
		t.Fatalf("the well-formed group: %v", err)
	}
	for name, b := range map[string][]byte{
		"a repeated field written out":          encode(0, 0x0e|groupSameCanonical, other, ""),
		"a repeated canonical text written out": encode(0, 0x0f, other, "INSERT INTO `t` VALUES (1)"),
		"a repeat claimed by the first":         encode(0x01, 0x0f|groupSameCanonical, other, ""),
		"an unknown bit":                        encode(0, 0x0f|groupSameCanonical|0x40, other, ""),
	} {
		if _, err := UnmarshalTx(b); !errors.Is(err, ErrMalformedTx) {
			t.Errorf("%s: got %v, want ErrMalformedTx", name, err)
		}
	}
}
