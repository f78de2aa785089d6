package consensus

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
)

// TxVersion is the version of the transaction encoding this build writes.
// Version 2 added, per statement, the read flag and the answer the client
// was given (interactive transactions), later also the rows an UPDATE
// matched (stmtFlagMatched), a large statement's text as a delta
// against its canonical text (stmtFlagSQLDelta, sqldelta.go) and a lifted
// statement's mark (stmtFlagInline) and text cut at its parameters
// (stmtFlagSQLCut, sqlcut.go); version 1 is still decoded. Transactions
// written before a flag existed never carry it, so they decode as before.
const TxVersion = 2

// txVersion1 is the first encoding: statements without answers.
const txVersion1 = 1

// TxVersionGroup is the encoding of a grouped transaction (Tx.Group) this
// build writes: the autocommit writes of several sessions, each statement
// with its own context and its own outcome. Version 5 writes a
// statement's context fields and canonical text only where they differ
// from the statement before it (the sessions of a group mostly share a
// database, SQL mode, time zone, user and statement text: ~140 of the
// ~400 bytes of a sysbench INSERT), and its signature covers the SHA-256
// digest of the body rather than the body (sigMessage). Version 3 wrote
// every statement's context whole and signed the body; it is still
// decoded and verified.
const TxVersionGroup = 5

// txVersionGroup3 is the first grouped encoding.
const txVersionGroup3 = 3

// isGroupVersion reports whether v is a grouped transaction's encoding.
func isGroupVersion(v byte) bool { return v == TxVersionGroup || v == txVersionGroup3 }

// Per statement of a version 5 group, a byte says which of its context's
// fields (bit i: Database, SQLMode, TimeZone, User, ClientAddr) and
// whether its canonical text (groupSameCanonical) are those of the
// statement before; only the others follow. A bit is set exactly when the
// value repeats, so a group has one encoding.
const (
	groupSameCanonical = 1 << 5
	groupSameKnown     = 1<<6 - 1
)

// sigDomain prefixes the digest a version 5 signature covers, so that it
// can never be taken for the signature of a whole encoding.
var sigDomain = []byte("blocksql tx sha256\x00")

// sigMessage is what the signature of a transaction of version v whose
// body (its encoding up to the signature) is body covers: the body itself
// up to version 4; from version 5 on, sigDomain and the body's SHA-256.
// Ed25519 hashes its message twice with SHA-512 when signing (once when
// verifying), which for a group of 64 statements cost the submitting node
// ~170 µs on the path every grouped write waits on.
func sigMessage(v byte, body []byte) []byte {
	if v < TxVersionGroup {
		return body
	}
	d := sha256.Sum256(body)
	return append(append(make([]byte, 0, len(sigDomain)+len(d)), sigDomain...), d[:]...)
}

var txMagic = [4]byte{'B', 'S', 'Q', 'L'}

// Sentinel errors for transactions that must never reach a block.
var (
	ErrMalformedTx  = errors.New("malformed transaction")
	ErrBadSignature = errors.New("bad transaction signature")
)

// ValueKind tags a bound parameter's type.
type ValueKind uint8

const (
	KindNull ValueKind = iota
	KindInt
	KindUint
	KindFloat
	KindString
	KindBytes
)

// Value is one bound parameter of a statement.
type Value struct {
	Kind  ValueKind
	Int   int64
	Uint  uint64
	Float float64
	Bytes []byte // KindString and KindBytes
}

// Statement is one SQL statement of a chain transaction.
type Statement struct {
	// SQL is the text the client sent.
	SQL string
	// Params are the values bound to its placeholders, in order.
	Params []Value
	// Canonical is the normalized MySQL-dialect text appliers parse and
	// execute (placeholders kept as ?).
	Canonical string
	// Read marks a locking read (SELECT ... FOR UPDATE / LOCK IN SHARE
	// MODE) of an interactive transaction: never applied, only validated
	// against Answer.ReadDigest.
	Read bool
	// Answer is what the client was told when it sent the statement inside
	// BEGIN ... COMMIT; nil for autocommit writes, whose outcome is decided
	// when they are applied.
	Answer *Answer
	// IDFloor, for an autocommit INSERT, is the lowest AUTO_INCREMENT id
	// it may generate: the ids below were handed to transactions still
	// open on the submitting node. 0 for none.
	IDFloor uint64
	// Inline: the client sent no parameters; Params are the literals of
	// SQL that the submitting node lifted out of it (replay/lift.go), so
	// SQL shows them (the operation log lists no parameters for it) and
	// the chain stores SQL cut at them where it can (sqlcut.go).
	Inline bool
}

// Answer is what an interactive transaction's statement answered. The
// apply engine re-executes the statement and aborts the whole transaction
// (1213) if any of it no longer holds.
type Answer struct {
	Code         uint16 // 0, or the MySQL error number the client saw (the statement is not applied)
	RowsAffected uint64
	// RowsMatched is the rows an UPDATE matched, changed or not (see
	// StmtResult.RowsMatched); encoded only when above RowsAffected.
	RowsMatched uint64
	InsertID    uint64 // the insert id reported to the client
	AutoID      uint64 // the first AUTO_INCREMENT id the statement generated, 0 if none
	ReadDigest  []byte // for Read statements: SHA-256 of the rows read
}

// FoundRows is the count a CLIENT_FOUND_ROWS client was told (see
// StmtResult.FoundRows).
func (a *Answer) FoundRows() uint64 { return max(a.RowsMatched, a.RowsAffected) }

const (
	stmtFlagRead     = 1 << 0
	stmtFlagAnswered = 1 << 1
	stmtFlagIDFloor  = 1 << 2
	stmtFlagMatched  = 1 << 3 // the answer carries RowsMatched
	stmtFlagSQLDelta = 1 << 4 // the SQL field is a delta against Canonical
	stmtFlagInline   = 1 << 5 // Statement.Inline
	stmtFlagSQLCut   = 1 << 6 // the SQL field is the text cut at its parameters (sqlcut.go)
	stmtFlagsKnown   = stmtFlagRead | stmtFlagAnswered | stmtFlagIDFloor | stmtFlagMatched | stmtFlagSQLDelta |
		stmtFlagInline | stmtFlagSQLCut
)

// Interactive reports whether the transaction carries answers to validate.
func (t *Tx) Interactive() bool {
	for _, s := range t.Statements {
		if s.Answer != nil {
			return true
		}
	}
	return false
}

// Tx is one chain transaction: the writes of one autocommit statement or of
// one explicit BEGIN … COMMIT, with the context that gives them meaning;
// or, grouped (Group set), the autocommit writes of several sessions.
type Tx struct {
	Statements []Statement
	Database   string // current database of the session
	SQLMode    string
	TimeZone   string
	User       string // authenticated database user
	ClientAddr string
	Node       []byte // submitting node's ed25519 public key
	Nonce      uint64
	Signature  []byte
	// Group, for a grouped transaction, is each statement's own context:
	// the statements are autocommit writes of different sessions, applied
	// in order, each alone (it fails or succeeds by itself, its outcome is
	// its own). Database, SQLMode, TimeZone, User and ClientAddr of the Tx
	// itself are empty then. Nil for every other transaction.
	Group []Context
	// Version is the encoding the transaction was decoded from (0 for a
	// new one: TxVersion, or TxVersionGroup when Group is set). Re-encoding
	// keeps it, so signatures still verify.
	Version byte
	// Membership, for a membership change (version 4), is the change;
	// such a transaction has no statements, context, node or nonce: its
	// validators' signatures are in the change.
	Membership *MembershipChange
	// signed is, for a decoded transaction, the bytes its signature
	// covers as they were received: verifying them needs no re-encoding
	// (a large statement's delta is not computed again).
	signed []byte
}

// Context is what gives a statement its meaning and says who sent it.
type Context struct {
	Database   string
	SQLMode    string
	TimeZone   string
	User       string
	ClientAddr string
}

// Grouped reports whether t carries several sessions' autocommit writes.
func (t *Tx) Grouped() bool { return t.Group != nil }

// ContextOf is statement j's context: its own in a grouped transaction,
// the transaction's otherwise.
func (t *Tx) ContextOf(j int) Context {
	if t.Group != nil {
		return t.Group[j]
	}
	return Context{Database: t.Database, SQLMode: t.SQLMode, TimeZone: t.TimeZone, User: t.User, ClientAddr: t.ClientAddr}
}

func (t *Tx) version() byte {
	switch {
	case t.Version != 0:
		return t.Version
	case t.Group != nil:
		return TxVersionGroup
	}
	return TxVersion
}

// Sign sets Node and Signature with key.
func (t *Tx) Sign(key ed25519.PrivateKey) {
	t.Node = append([]byte(nil), key.Public().(ed25519.PublicKey)...)
	t.Signature = ed25519.Sign(key, sigMessage(t.version(), t.signBytes()))
}

// Verify checks the signature against Node.
func (t *Tx) Verify() error {
	if len(t.Node) != ed25519.PublicKeySize || len(t.Signature) != ed25519.SignatureSize {
		return ErrBadSignature
	}
	if !ed25519.Verify(ed25519.PublicKey(t.Node), t.signedMessage(), t.Signature) {
		return ErrBadSignature
	}
	return nil
}

// Marshal encodes the transaction deterministically.
func (t *Tx) Marshal() []byte {
	if t.Membership != nil {
		return t.Membership.Marshal()
	}
	b := t.signBytes()
	return appendBytes(b, t.Signature)
}

// Hash is the transaction's id: SHA-256 of its encoding, as CometBFT hashes it.
func Hash(txBytes []byte) [32]byte { return sha256.Sum256(txBytes) }

// signedMessage is what the signature covers (sigMessage) of the bytes
// received for a decoded transaction, of the encoding for a new one.
func (t *Tx) signedMessage() []byte {
	body := t.signed
	if body == nil {
		body = t.signBytes()
	}
	return sigMessage(t.version(), body)
}

func (t *Tx) signBytes() []byte {
	v := t.version()
	// A delta or a cut text only from version 2 on: version 1 has no
	// flags to say so.
	fields := make([][]byte, len(t.Statements))
	forms := make([]byte, len(t.Statements))
	size := 128
	for i, s := range t.Statements {
		if v >= 2 {
			fields[i], forms[i] = sqlField(&s)
		}
		size += len(s.Canonical) + 16*len(s.Params) + 32
		if isGroupVersion(v) {
			c := t.Group[i]
			size += len(c.Database) + len(c.SQLMode) + len(c.TimeZone) + len(c.User) + len(c.ClientAddr) + 8
		}
		if fields[i] != nil {
			size += len(fields[i])
		} else {
			size += len(s.SQL)
		}
	}
	b := make([]byte, 0, size)
	b = append(b, txMagic[:]...)
	b = append(b, v)
	if !isGroupVersion(v) {
		b = appendContext(b, t.ContextOf(0))
	}
	b = appendBytes(b, t.Node)
	b = binary.BigEndian.AppendUint64(b, t.Nonce)
	b = binary.AppendUvarint(b, uint64(len(t.Statements)))
	for i, s := range t.Statements {
		same := byte(0)
		switch {
		case v == TxVersionGroup:
			same = groupSame(t, i)
			b = append(b, same)
			b = appendContextExcept(b, t.Group[i], same)
		case v == txVersionGroup3:
			b = appendContext(b, t.Group[i])
		}
		if fields[i] != nil {
			b = appendBytes(b, fields[i])
		} else {
			b = appendBytes(b, s.SQL)
		}
		if same&groupSameCanonical == 0 {
			b = appendBytes(b, s.Canonical)
		}
		b = binary.AppendUvarint(b, uint64(len(s.Params)))
		for _, p := range s.Params {
			b = appendValue(b, p)
		}
		if v >= 2 {
			b = appendAnswer(b, s, forms[i])
		}
	}
	return b
}

func appendContext(b []byte, c Context) []byte { return appendContextExcept(b, c, 0) }

// appendContextExcept appends c's fields but those whose bit is set in same.
func appendContextExcept(b []byte, c Context, same byte) []byte {
	for i, s := range c.fields() {
		if same&(1<<i) == 0 {
			b = appendBytes(b, s)
		}
	}
	return b
}

func (c Context) fields() [5]string {
	return [5]string{c.Database, c.SQLMode, c.TimeZone, c.User, c.ClientAddr}
}

// groupSame is statement i's byte of a version 5 group: which of its
// context's fields and whether its canonical text repeat statement i-1's.
func groupSame(t *Tx, i int) byte {
	if i == 0 {
		return 0
	}
	var same byte
	prev, cur := t.Group[i-1].fields(), t.Group[i].fields()
	for j := range cur {
		if cur[j] == prev[j] {
			same |= 1 << j
		}
	}
	if t.Statements[i].Canonical == t.Statements[i-1].Canonical {
		same |= groupSameCanonical
	}
	return same
}

// sqlField is how s's text is stored, when not as sent: a delta against
// its canonical text (a large text) or the text cut at its parameters (an
// inline statement's), with the flag that says which.
func sqlField(s *Statement) ([]byte, byte) {
	if d := sqlDelta(s.SQL, s.Canonical); d != nil {
		return d, stmtFlagSQLDelta
	}
	if s.Inline {
		if c, ok := cutSQL(s.SQL, s.Params); ok {
			return c, stmtFlagSQLCut
		}
	}
	return nil, 0
}

// appendAnswer appends s's flags (form: how its SQL field is stored) and
// answer.
func appendAnswer(b []byte, s Statement, form byte) []byte {
	flags := form
	if s.Inline && len(s.Params) > 0 { // an inline mark without parameters would not decode
		flags |= stmtFlagInline
	}
	if s.Read {
		flags |= stmtFlagRead
	}
	if s.IDFloor != 0 {
		flags |= stmtFlagIDFloor
	}
	if s.Answer != nil {
		flags |= stmtFlagAnswered
		if s.Answer.RowsMatched > s.Answer.RowsAffected {
			flags |= stmtFlagMatched
		}
	}
	b = append(b, flags)
	if s.IDFloor != 0 {
		b = binary.AppendUvarint(b, s.IDFloor)
	}
	if s.Answer == nil {
		return b
	}
	a := s.Answer
	b = binary.AppendUvarint(b, uint64(a.Code))
	b = binary.AppendUvarint(b, a.RowsAffected)
	b = binary.AppendUvarint(b, a.InsertID)
	b = binary.AppendUvarint(b, a.AutoID)
	if flags&stmtFlagMatched != 0 {
		b = binary.AppendUvarint(b, a.RowsMatched)
	}
	return appendBytes(b, a.ReadDigest)
}

func appendBytes[T string | []byte](b []byte, v T) []byte {
	b = binary.AppendUvarint(b, uint64(len(v)))
	return append(b, v...)
}

func appendValue(b []byte, v Value) []byte {
	b = append(b, byte(v.Kind))
	switch v.Kind {
	case KindInt:
		b = binary.BigEndian.AppendUint64(b, uint64(v.Int))
	case KindUint:
		b = binary.BigEndian.AppendUint64(b, v.Uint)
	case KindFloat:
		b = binary.BigEndian.AppendUint64(b, math.Float64bits(v.Float))
	case KindString, KindBytes:
		b = appendBytes(b, v.Bytes)
	}
	return b
}

// UnmarshalTx decodes a transaction strictly: unknown versions, bad lengths
// and trailing bytes are errors.
func UnmarshalTx(data []byte) (*Tx, error) {
	r := reader{b: data}
	if len(data) < 5 || [4]byte(data[:4]) != txMagic {
		return nil, fmt.Errorf("%w: bad magic", ErrMalformedTx)
	}
	r.b = data[4:]
	t := &Tx{Version: r.byte()}
	if t.Version == TxVersionMembership {
		t.Membership = unmarshalMembership(&r)
		if r.err == nil && len(r.b) != 0 {
			r.err = errors.New("trailing bytes")
		}
		if r.err != nil {
			return nil, fmt.Errorf("%w: %v", ErrMalformedTx, r.err)
		}
		return t, nil
	}
	if t.Version != TxVersion && t.Version != txVersion1 && !isGroupVersion(t.Version) {
		return nil, fmt.Errorf("%w: unsupported version %d", ErrMalformedTx, t.Version)
	}
	group := isGroupVersion(t.Version)
	if !group {
		c := r.context()
		t.Database, t.SQLMode, t.TimeZone, t.User, t.ClientAddr = c.Database, c.SQLMode, c.TimeZone, c.User, c.ClientAddr
	}
	t.Node = r.bytes()
	t.Nonce = r.uint64()
	n := r.count()
	if group {
		if n == 0 {
			r.fail("empty group")
		}
		t.Group = make([]Context, 0, n)
	}
	budget := MaxTxBytes
	for i := uint64(0); i < n && r.err == nil; i++ {
		same := byte(0)
		switch {
		case t.Version == TxVersionGroup:
			same = r.byte()
			t.Group = append(t.Group, r.groupContext(t, same))
		case group:
			t.Group = append(t.Group, r.context())
		}
		sql := r.field()
		var s Statement
		switch {
		case same&groupSameCanonical != 0 && i > 0:
			s.Canonical = t.Statements[i-1].Canonical
		case r.err == nil:
			s.Canonical = r.string()
			if t.Version == TxVersionGroup && i > 0 && s.Canonical == t.Statements[i-1].Canonical {
				r.fail("a repeated canonical text written out")
			}
		}
		np := r.count()
		for j := uint64(0); j < np && r.err == nil; j++ {
			s.Params = append(s.Params, r.value())
		}
		var form byte
		if t.Version >= 2 {
			form = r.answer(&s)
		}
		if group && (s.Answer != nil || s.Read) {
			r.fail("an answered statement in a grouped transaction")
		}
		r.statementSQL(&s, sql, form, &budget)
		t.Statements = append(t.Statements, s)
	}
	t.signed = data[:len(data)-len(r.b)]
	t.Signature = r.bytes()
	if r.err == nil && len(r.b) != 0 {
		r.err = errors.New("trailing bytes")
	}
	if r.err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformedTx, r.err)
	}
	return t, nil
}

type reader struct {
	b   []byte
	err error
}

func (r *reader) fail(msg string) {
	if r.err == nil {
		r.err = errors.New(msg)
	}
	r.b = nil
}

func (r *reader) byte() byte {
	if len(r.b) < 1 {
		r.fail("short byte")
		return 0
	}
	v := r.b[0]
	r.b = r.b[1:]
	return v
}

func (r *reader) uint64() uint64 {
	if len(r.b) < 8 {
		r.fail("short uint64")
		return 0
	}
	v := binary.BigEndian.Uint64(r.b)
	r.b = r.b[8:]
	return v
}

func (r *reader) uvarint() uint64 {
	v, n := binary.Uvarint(r.b)
	// A last byte of 0 after a continuation byte is a longer encoding of
	// a shorter number: refused, so one transaction has one encoding (and
	// one hash) only.
	if n <= 0 || (n > 1 && r.b[n-1] == 0) {
		r.fail("bad varint")
		return 0
	}
	r.b = r.b[n:]
	return v
}

// count reads a element count that cannot exceed the bytes left.
func (r *reader) count() uint64 {
	n := r.uvarint()
	if n > uint64(len(r.b)) {
		r.fail("count beyond end")
		return 0
	}
	return n
}

// field is the next length-prefixed field, not copied.
func (r *reader) field() []byte {
	n := r.count()
	if r.err != nil {
		return nil
	}
	v := r.b[:n:n]
	r.b = r.b[n:]
	return v
}

func (r *reader) context() Context {
	return Context{Database: r.string(), SQLMode: r.string(), TimeZone: r.string(), User: r.string(), ClientAddr: r.string()}
}

// groupContext reads the context of the next statement of a version 5
// group t, whose byte is same: a field repeats the statement before's when
// its bit is set, and is written out, different, when not.
func (r *reader) groupContext(t *Tx, same byte) Context {
	first := len(t.Group) == 0
	if same&^groupSameKnown != 0 || first && same != 0 {
		r.fail("bad group statement byte")
		return Context{}
	}
	var f, prev [5]string
	if !first {
		prev = t.Group[len(t.Group)-1].fields()
	}
	for i := range f {
		if same&(1<<i) != 0 {
			f[i] = prev[i]
			continue
		}
		f[i] = r.string()
		if !first && f[i] == prev[i] {
			r.fail("a repeated context field written out")
		}
	}
	return Context{Database: f[0], SQLMode: f[1], TimeZone: f[2], User: f[3], ClientAddr: f[4]}
}

func (r *reader) bytes() []byte { return append([]byte(nil), r.field()...) }

func (r *reader) string() string { return string(r.field()) }

// statementSQL sets s.SQL from its field, stored as form says: the text as
// sent, a delta against s.Canonical, or the text cut at s.Params.
func (r *reader) statementSQL(s *Statement, field []byte, form byte, budget *int) {
	if r.err != nil {
		return
	}
	var err error
	switch form {
	case 0:
		s.SQL = string(field)
	case stmtFlagSQLDelta:
		s.SQL, err = applySQLDelta(field, s.Canonical, budget)
	case stmtFlagSQLCut:
		s.SQL, err = uncutSQL(field, s.Params)
	default:
		err = errors.New("statement text both a delta and cut")
	}
	if err != nil {
		r.fail(err.Error())
		return
	}
	// One transaction, one encoding: the field must be what the encoder
	// writes for these texts (so sqlDelta and cutSQL are part of the
	// format).
	var want []byte
	var wantForm byte
	if len(s.SQL) >= SQLDeltaMin || s.Inline {
		want, wantForm = sqlField(s)
	}
	if form != wantForm || form != 0 && !bytes.Equal(want, field) {
		r.fail("statement text not in its one encoding")
	}
}

func (r *reader) value() Value {
	v := Value{Kind: ValueKind(r.byte())}
	switch v.Kind {
	case KindNull:
	case KindInt:
		v.Int = int64(r.uint64())
	case KindUint:
		v.Uint = r.uint64()
	case KindFloat:
		v.Float = math.Float64frombits(r.uint64())
	case KindString, KindBytes:
		v.Bytes = r.bytes()
	default:
		r.fail("unknown value kind")
	}
	return v
}

// answer reads a statement's flags and answer, and returns how its SQL
// field is stored (stmtFlagSQLDelta, stmtFlagSQLCut or 0).
func (r *reader) answer(s *Statement) (form byte) {
	flags := r.byte()
	if flags&^stmtFlagsKnown != 0 {
		r.fail("unknown statement flags")
		return 0
	}
	form = flags & (stmtFlagSQLDelta | stmtFlagSQLCut)
	if s.Inline = flags&stmtFlagInline != 0; s.Inline && len(s.Params) == 0 {
		r.fail("an inline statement without parameters")
	}
	s.Read = flags&stmtFlagRead != 0
	if flags&stmtFlagIDFloor != 0 {
		if s.IDFloor = r.uvarint(); s.IDFloor == 0 {
			r.fail("zero id floor")
		}
	}
	if flags&stmtFlagAnswered == 0 {
		if s.Read || flags&stmtFlagMatched != 0 {
			r.fail("read statement or rows matched without an answer")
		}
		return form
	}
	code := r.uvarint()
	if code > math.MaxUint16 {
		r.fail("error code out of range")
	}
	s.Answer = &Answer{Code: uint16(code), RowsAffected: r.uvarint(), InsertID: r.uvarint(), AutoID: r.uvarint()}
	if flags&stmtFlagMatched != 0 {
		if s.Answer.RowsMatched = r.uvarint(); s.Answer.RowsMatched <= s.Answer.RowsAffected {
			r.fail("rows matched not above rows affected")
		}
	}
	if d := r.bytes(); len(d) > 0 {
		s.Answer.ReadDigest = d
	}
	return form
}
