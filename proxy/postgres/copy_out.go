package postgres

import (
	"context"
	"encoding/binary"
	"fmt"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgproto3"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/blocksql/blocksql/drivers"
	"github.com/blocksql/blocksql/replay"
)

// COPY … TO STDOUT is a read. A node whose local database is PostgreSQL
// hands the COPY to it. Any other node (SQLite) reads the COPY's query
// through the read path a SELECT takes, which gives each value as
// PostgreSQL's output function writes it, and writes the rows in the
// COPY's format as PostgreSQL's COPY does (copyto.c): text, CSV or binary.

// copyTo answers COPY … TO STDOUT from the local database (inside a
// transaction, from its speculation, so it sees the transaction's writes).
func (c *conn) copyTo(ctx context.Context, p *portal, spec *replay.PGCopy) error {
	return c.onLocal(ctx, func(tr textReader, pc *pgconn.PgConn) error {
		if tr != nil {
			return c.copyRows(ctx, spec, tr)
		}
		return c.copyOnPostgres(ctx, p.stmt.sql, spec, pc)
	})
}

// copyOnPostgres lets the local PostgreSQL database run the COPY and
// passes its data on, message for message, as it comes.
func (c *conn) copyOnPostgres(ctx context.Context, sql string, spec *replay.PGCopy, pc *pgconn.PgConn) error {
	// The column count CopyOutResponse carries (pgx does not keep it).
	d, err := pc.Prepare(ctx, "", spec.Query, nil)
	if err != nil {
		return err
	}
	out := &copyStream{c: c, resp: copyOutResponse(spec, len(d.Fields))}
	tag, err := pc.CopyTo(ctx, out, sql)
	if err != nil {
		return err
	}
	out.start()
	c.be.Send(&pgproto3.CopyDone{})
	c.be.Send(&pgproto3.CommandComplete{CommandTag: []byte(tag.String())})
	return nil
}

// copyStream sends each CopyData message pgx's CopyTo writes on to the
// client, so a COPY of any size holds at most flushBytes in the node.
// CopyOutResponse goes with the first message: a COPY failing before any
// data is an error alone, as PostgreSQL's is; one failing later ends its
// data with the error, as PostgreSQL's does.
type copyStream struct {
	c       *conn
	resp    *pgproto3.CopyOutResponse
	started bool
	pending int
}

func (s *copyStream) Write(b []byte) (int, error) {
	s.start()
	s.c.be.Send(&pgproto3.CopyData{Data: b})
	if s.pending += len(b); s.pending >= flushBytes {
		s.pending = 0
		if err := s.c.be.Flush(); err != nil {
			return 0, err
		}
	}
	return len(b), nil
}

func (s *copyStream) start() {
	if !s.started {
		s.c.be.Send(s.resp)
		s.started = true
	}
}

// copyOutResponse starts a COPY's data of ncols columns in its format.
func copyOutResponse(spec *replay.PGCopy, ncols int) *pgproto3.CopyOutResponse {
	resp := &pgproto3.CopyOutResponse{ColumnFormatCodes: make([]uint16, ncols)}
	if spec.Binary {
		resp.OverallFormat = 1
		for i := range resp.ColumnFormatCodes {
			resp.ColumnFormatCodes[i] = 1
		}
	}
	return resp
}

// copyFlushEvery is how many data messages go out at a time, so a long
// COPY is not held whole twice over in the connection's send buffer.
const copyFlushEvery = 1024

// sendCopyOut sends CopyOutResponse, the data messages, CopyDone and the
// command tag.
func (c *conn) sendCopyOut(spec *replay.PGCopy, ncols int, data [][]byte, tag string) error {
	c.be.Send(copyOutResponse(spec, ncols))
	for i, d := range data {
		c.be.Send(&pgproto3.CopyData{Data: d})
		if i%copyFlushEvery == copyFlushEvery-1 {
			if err := c.be.Flush(); err != nil {
				return err
			}
		}
	}
	c.be.Send(&pgproto3.CopyDone{})
	c.be.Send(&pgproto3.CommandComplete{CommandTag: []byte(tag)})
	return nil
}

// copyRows answers COPY … TO from a local database that is not
// PostgreSQL: its query's rows, as a SELECT reads them, in the COPY's
// format. As in PostgreSQL, the header (or the binary signature) and each
// row are one message each.
func (c *conn) copyRows(ctx context.Context, spec *replay.PGCopy, tr textReader) error {
	res, release, err := c.readRows(ctx, tr, spec.Query, nil)
	if err != nil {
		return err
	}
	defer release()
	enc := &copyEncoder{spec: spec, oids: res.ReturnedOIDs, convert: c.convert}
	if enc.force, err = c.forceQuoted(ctx, spec, res.ReturnedNames); err != nil {
		return err
	}
	var data [][]byte
	if h := enc.header(res.ReturnedNames); h != nil {
		data = append(data, h)
	}
	for _, row := range res.Returned {
		b, err := enc.row(row)
		if err != nil {
			return err
		}
		data = append(data, b)
	}
	if spec.Binary {
		data = append(data, []byte{0xff, 0xff}) // the trailer: a field count of -1
	}
	return c.sendCopyOut(spec, len(res.ReturnedNames), data, fmt.Sprintf("COPY %d", len(res.Returned)))
}

// forceQuoted says which columns FORCE_QUOTE names; a name that is not a
// column of the COPY is PostgreSQL's error.
func (c *conn) forceQuoted(ctx context.Context, spec *replay.PGCopy, names []string) ([]bool, error) {
	force := make([]bool, len(names))
	for i := range force {
		force[i] = spec.ForceQuoteAll
	}
	for _, name := range spec.ForceQuote {
		i := slices.Index(names, name)
		if i < 0 {
			return nil, c.notCopied(ctx, spec, name)
		}
		force[i] = true
	}
	return force, nil
}

// notCopied is PostgreSQL's error for a FORCE_QUOTE column the COPY does
// not write: not referenced (42P10), or no such column (42703).
func (c *conn) notCopied(ctx context.Context, spec *replay.PGCopy, name string) error {
	if spec.Table == "" {
		return &drivers.Error{State: "42703", Message: fmt.Sprintf("column %q does not exist", name)}
	}
	all, err := c.tableColumns(ctx, spec.Table)
	if err != nil {
		return err
	}
	if slices.ContainsFunc(all, func(col column) bool { return col.Name == name }) {
		return &drivers.Error{State: "42P10", Message: fmt.Sprintf("FORCE_QUOTE column %q not referenced by COPY", name)}
	}
	rel := spec.Table[strings.LastIndexByte(spec.Table, '.')+1:]
	return &drivers.Error{State: "42703", Message: fmt.Sprintf("column %q of relation %q does not exist", name, rel)}
}

// copyEncoder writes rows whose values are in PostgreSQL's text format
// (nil is NULL) in a COPY format.
type copyEncoder struct {
	spec    *replay.PGCopy
	oids    []uint32
	force   []bool // CSV: columns quoted whatever they hold
	convert func(oid uint32, from, to int16, v []byte) ([]byte, error)
}

// header is the first message: the binary signature with empty flags and
// header extension, or the column names when HEADER is on, or nil.
func (e *copyEncoder) header(names []string) []byte {
	if e.spec.Binary {
		return append([]byte(binaryCopySignature), 0, 0, 0, 0, 0, 0, 0, 0)
	}
	if !e.spec.Header {
		return nil
	}
	var b []byte
	for i, name := range names {
		if i > 0 {
			b = append(b, e.spec.Delim)
		}
		if e.spec.CSV {
			b = e.csv(b, name, false, len(names) == 1)
		} else {
			b = e.text(b, name)
		}
	}
	return append(b, '\n')
}

// row is one row's message.
func (e *copyEncoder) row(vals [][]byte) ([]byte, error) {
	if e.spec.Binary {
		return e.binaryRow(vals)
	}
	var b []byte
	for i, v := range vals {
		if i > 0 {
			b = append(b, e.spec.Delim)
		}
		switch {
		case v == nil:
			b = append(b, e.spec.Null...)
		case e.spec.CSV:
			b = e.csv(b, string(v), e.force[i], len(vals) == 1)
		default:
			b = e.text(b, string(v))
		}
	}
	return append(b, '\n'), nil
}

// textEscaped are the control characters the text format writes as a
// backslash and a letter (the inverse of textEscapes).
var textEscaped = map[byte]byte{'\b': 'b', '\f': 'f', '\n': 'n', '\r': 'r', '\t': 't', '\v': 'v'}

// text appends s in the text format: backslash, the delimiter and the
// control characters above escaped with a backslash.
func (e *copyEncoder) text(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		ch := s[i]
		if letter, ok := textEscaped[ch]; ok {
			b = append(b, '\\', letter)
			continue
		}
		if ch == '\\' || ch == e.spec.Delim {
			b = append(b, '\\')
		}
		b = append(b, ch)
	}
	return b
}

// csv appends s in CSV: quoted when forced, when it reads as the NULL
// marker, when it holds the delimiter, the quote or a line break, or when
// it is `\.` alone on a line; inside quotes the quote and the escape are
// escaped.
func (e *copyEncoder) csv(b []byte, s string, quote, single bool) []byte {
	sp := e.spec
	quote = quote || s == sp.Null || single && s == `\.` ||
		strings.ContainsAny(s, "\n\r") || strings.IndexByte(s, sp.Delim) >= 0 || strings.IndexByte(s, sp.Quote) >= 0
	if !quote {
		return append(b, s...)
	}
	b = append(b, sp.Quote)
	for i := 0; i < len(s); i++ {
		if s[i] == sp.Quote || s[i] == sp.Escape {
			b = append(b, sp.Escape)
		}
		b = append(b, s[i])
	}
	return append(b, sp.Quote)
}

// binaryRow is a row in the binary format: the field count, then each
// field's length (-1 for NULL) and its type's binary encoding.
func (e *copyEncoder) binaryRow(vals [][]byte) ([]byte, error) {
	b := binary.BigEndian.AppendUint16(nil, uint16(len(vals)))
	for i, v := range vals {
		if v == nil {
			b = binary.BigEndian.AppendUint32(b, 0xffffffff)
			continue
		}
		enc, err := e.convert(e.oids[i], pgtype.TextFormatCode, pgtype.BinaryFormatCode, v)
		if err != nil {
			return nil, err
		}
		b = binary.BigEndian.AppendUint32(b, uint32(len(enc)))
		b = append(b, enc...)
	}
	return b, nil
}
