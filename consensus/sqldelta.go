package consensus

import (
	"encoding/binary"
	"errors"
	"strings"
)

// A statement's text as sent and its canonical text share their literals:
// stored side by side, a 32 MiB INSERT made a 64 MiB chain transaction
// (1,025 block parts, each fsynced by the proposer). A large statement's
// text as sent is therefore stored as a delta against its canonical text
// (statement flag stmtFlagSQLDelta): a sequence of operations, each a
// uvarint x then, for x even, x/2 bytes taken as they are or, for x odd,
// a uvarint offset: x/2 bytes copied from the canonical text at it.

const (
	// SQLDeltaMin: shorter statements are stored as sent (the delta would
	// save little and cost the encoding); longer ones need their literals
	// in the canonical text (replay.LiftedCanonical lifts none from them).
	SQLDeltaMin = 4 << 10
	// sqlDeltaBlock is the shortest run looked up in the canonical text;
	// runs found are extended both ways.
	sqlDeltaBlock = 32
	// sqlDeltaMaxTable bounds the lookup table (int32 slots).
	sqlDeltaMaxTable = 1 << 22

	deltaPrime = 0x100000001b3 // FNV-1a's 64-bit prime, as the rolling hash's base
	deltaMix   = 0x9e3779b97f4a7c15
)

// deltaPow is deltaPrime^sqlDeltaBlock: the weight of the byte leaving the
// rolling hash's window.
var deltaPow = func() uint64 {
	p := uint64(1)
	for range sqlDeltaBlock {
		p *= deltaPrime
	}
	return p
}()

var errDeltaSize = errors.New("statement text beyond the largest transaction")

// sqlDelta encodes sql against canonical, or returns nil when sql is to
// be stored as sent (short, or the delta would not be smaller). The
// encoding is a pure function of its inputs.
func sqlDelta(sql, canonical string) []byte {
	if len(sql) < SQLDeltaMin || len(canonical) < sqlDeltaBlock {
		return nil
	}
	table, shift := deltaTable(canonical)
	var ops []byte
	lit, p := 0, 0
	h, hashed := uint64(0), false
	for p+sqlDeltaBlock <= len(sql) {
		if !hashed {
			h, hashed = windowHash(sql[p:]), true
		}
		if o := table[(h*deltaMix)>>shift]; o >= 0 && sql[p:p+sqlDeltaBlock] == canonical[o:int(o)+sqlDeltaBlock] {
			s, c := p, int(o)
			for s > lit && c > 0 && sql[s-1] == canonical[c-1] {
				s, c = s-1, c-1
			}
			e := p + sqlDeltaBlock + commonPrefix(sql[p+sqlDeltaBlock:], canonical[int(o)+sqlDeltaBlock:])
			ops = appendDeltaLiteral(ops, sql[lit:s])
			ops = binary.AppendUvarint(ops, uint64(e-s)<<1|1)
			ops = binary.AppendUvarint(ops, uint64(c))
			lit, p, hashed = e, e, false
			if len(ops) >= len(sql) {
				return nil
			}
			continue
		}
		if p+sqlDeltaBlock < len(sql) {
			h = h*deltaPrime + uint64(sql[p+sqlDeltaBlock]) - uint64(sql[p])*deltaPow
		}
		p++
	}
	ops = appendDeltaLiteral(ops, sql[lit:])
	if len(ops) >= len(sql) {
		return nil
	}
	return ops
}

// deltaTable maps the hash of each aligned sqlDeltaBlock-byte run of
// canonical to the run's offset (the first run wins a slot; -1 for none).
func deltaTable(canonical string) ([]int32, uint) {
	bits := uint(8)
	for 1<<bits < 2*len(canonical)/sqlDeltaBlock && 1<<bits < sqlDeltaMaxTable {
		bits++
	}
	table := make([]int32, 1<<bits)
	for i := range table {
		table[i] = -1
	}
	shift := 64 - bits
	for i := 0; i+sqlDeltaBlock <= len(canonical); i += sqlDeltaBlock {
		if slot := (windowHash(canonical[i:]) * deltaMix) >> shift; table[slot] < 0 {
			table[slot] = int32(i)
		}
	}
	return table, shift
}

func windowHash(s string) uint64 {
	var h uint64
	for i := range sqlDeltaBlock {
		h = h*deltaPrime + uint64(s[i])
	}
	return h
}

func commonPrefix(a, b string) int {
	n := min(len(a), len(b))
	i := 0
	for i+8 <= n && a[i:i+8] == b[i:i+8] {
		i += 8
	}
	for i < n && a[i] == b[i] {
		i++
	}
	return i
}

func appendDeltaLiteral(ops []byte, lit string) []byte {
	if lit == "" {
		return ops
	}
	ops = binary.AppendUvarint(ops, uint64(len(lit))<<1)
	return append(ops, lit...)
}

// applySQLDelta rebuilds the text as sent from its delta. budget is what
// the transaction's statement texts may still add up to: a delta copying
// the same range again and again cannot blow a small transaction up. The
// operations are checked, and the size added up, before anything is copied.
func applySQLDelta(ops []byte, canonical string, budget *int) (string, error) {
	size, err := walkSQLDelta(ops, canonical, *budget, nil)
	if err != nil {
		return "", err
	}
	*budget -= size
	var out strings.Builder
	out.Grow(size)
	_, err = walkSQLDelta(ops, canonical, size, &out)
	return out.String(), err
}

// walkSQLDelta checks ops and returns the size of the text they make, at
// most limit; with out, it also writes the text.
func walkSQLDelta(ops []byte, canonical string, limit int, out *strings.Builder) (int, error) {
	r := reader{b: ops}
	size := 0
	for len(r.b) > 0 && r.err == nil {
		x := r.uvarint()
		n := x >> 1
		switch {
		case r.err != nil:
		case n == 0:
			r.fail("empty delta operation")
		case n > uint64(limit-size):
			return 0, errDeltaSize
		case x&1 == 0:
			if n > uint64(len(r.b)) {
				r.fail("delta literal beyond end")
				break
			}
			if out != nil {
				out.Write(r.b[:n])
			}
			r.b = r.b[n:]
		default:
			off := r.uvarint()
			if off > uint64(len(canonical)) || n > uint64(len(canonical))-off {
				r.fail("delta copy beyond the canonical text")
				break
			}
			if out != nil {
				out.WriteString(canonical[off : off+n])
			}
		}
		size += int(n)
	}
	return size, r.err
}
