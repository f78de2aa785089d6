package mysql

import (
	"encoding/binary"

	gm "github.com/go-mysql-org/go-mysql/mysql"

	"github.com/blocksql/blocksql/drivers"
)

// COM_STMT_SEND_LONG_DATA sends a prepared statement's parameter in pieces
// before the COM_STMT_EXECUTE that uses it; the execution then carries no
// value for that parameter. go-mysql's server would read the next
// parameter's bytes in its place, so the frontend takes these packets off
// the wire itself (wireConn.complete), keeps the pieces per statement,
// marks the parameters NULL in the execution go-mysql parses, and the
// handler puts the data back (longArgs). All the long data of one
// execution together is bounded by max_allowed_packet; COM_STMT_RESET and
// each execution clear it, as in MySQL. So is all the long data the
// connection's statements hold at once (an execution whose data went past
// either fails alike): otherwise a client could send max_allowed_packet to
// each of thousands of prepared statements and never execute them.

// longData is the long data sent for one execution of a statement.
type longData struct {
	params  map[int][]byte
	size    int
	tooLong bool
}

// longChunk is the COM_STMT_SEND_LONG_DATA packet being read: a packet
// above 16 MiB arrives in several chunks.
type longChunk struct {
	st    *stmtTypes // nil for an unknown statement or parameter: ignored, as MySQL does
	param int
}

// errLongData is MySQL's answer to an execution whose long data went
// beyond max_allowed_packet.
var errLongData = drivers.Errorf(drivers.ErUnknown, "HY000",
	"Parameter of prepared statement which is set through mysql_send_long_data() is longer than 'max_allowed_packet' bytes")

// stmtOf is the statement a COM_STMT_* packet (header included) names.
func (c *wireConn) stmtOf(pkt []byte) *stmtTypes {
	if len(pkt) < 9 {
		return nil
	}
	return c.stmts[binary.LittleEndian.Uint32(pkt[5:])]
}

// longChunk keeps one chunk (header included) of a COM_STMT_SEND_LONG_DATA.
func (c *wireConn) longChunk(pkt []byte) {
	data := pkt[4:]
	if c.long == nil {
		c.long = &longChunk{}
		if len(data) < 7 {
			data = nil
		} else {
			if st := c.stmtOf(pkt); st != nil {
				if p := int(binary.LittleEndian.Uint16(data[5:])); p < st.params {
					c.long.st, c.long.param = st, p
				}
			}
			data = data[7:]
		}
	}
	if c.long.st != nil {
		c.appendLong(c.long.st, c.long.param, data)
	}
	if payloadLen(pkt) < gm.MaxPayloadLen {
		c.long = nil
	}
}

func (c *wireConn) appendLong(st *stmtTypes, param int, data []byte) {
	if st.long == nil {
		st.long = &longData{params: map[int][]byte{}}
	}
	l := st.long
	if l.tooLong {
		return
	}
	if l.size+len(data) > c.maxPacket || c.longHeld+len(data) > c.maxPacket {
		c.longHeld -= l.size
		l.tooLong, l.params, l.size = true, nil, 0
		return
	}
	l.size += len(data)
	c.longHeld += len(data)
	if l.params[param] == nil {
		l.params[param] = []byte{} // sent empty: '' and not NULL
	}
	l.params[param] = append(l.params[param], data...)
}

// bindLong moves the statement's long data to the execution being framed
// and marks its parameters NULL in the execution's bitmap, so go-mysql
// reads no value for them.
func (st *stmtTypes) bindLong(nulls []byte) {
	st.bound, st.long = st.long, nil
	if st.bound == nil {
		return
	}
	for p := range st.bound.params {
		nulls[p/8] |= 1 << (p % 8)
	}
}

// dropLong lets go of the long data *l holds.
func (c *wireConn) dropLong(l **longData) {
	if *l != nil {
		c.longHeld -= (*l).size
		*l = nil
	}
}

// notePreparing tells which handler context the next COM_STMT_PREPARE_OK
// written belongs to.
func (c *wireConn) notePreparing(ctx any) {
	c.mu.Lock()
	c.preparing = ctx
	c.mu.Unlock()
}

// longArgs puts the long data of the execution of the statement with
// handler context ctx into args, typed as the execution declared them.
func (c *wireConn) longArgs(ctx any, args []any) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, st := range c.stmts {
		if st.ctx != ctx || st.bound == nil {
			continue
		}
		b := st.bound
		c.dropLong(&st.bound)
		if b.tooLong {
			return errLongData
		}
		for p, data := range b.params {
			tp := byte(gm.MYSQL_TYPE_LONG_BLOB)
			if 2*p < len(st.types) {
				tp = st.types[2*p]
			}
			if p < len(args) {
				args[p] = gm.TypedBytes{Type: tp, Bytes: data}
			}
		}
	}
	return nil
}
