package mysql

import (
	"encoding/binary"
	"math"
	"strconv"
	"strings"

	gm "github.com/go-mysql-org/go-mysql/mysql"
	"github.com/pingcap/tidb/pkg/parser/mysql"

	"github.com/blocksql/blocksql/proxy"
)

// Character set ids in column definitions.
const (
	charsetBinary  = 63
	charsetUTF8MB4 = utf8mb4GeneralCI
)

// result is encodeResult for the packet go-mysql writes next: an OK
// packet carries the result's info text (see wireConn.infoNext).
func (h *handler) result(res *proxy.Result, binaryRows bool) (*gm.Result, error) {
	if !res.IsResultSet() && res.Info != "" {
		h.sc.infoNext(res.Info)
	}
	return encodeResult(res, binaryRows)
}

// encodeResult turns a session result into what go-mysql writes: an OK
// packet, or a result set in the text or binary (prepared) row format.
func encodeResult(res *proxy.Result, binaryRows bool) (*gm.Result, error) {
	if !res.IsResultSet() {
		return &gm.Result{AffectedRows: res.RowsAffected, InsertId: res.LastInsertID,
			Warnings: uint16(min(len(res.Warnings), math.MaxUint16))}, nil
	}
	rs := &gm.Resultset{Fields: make([]*gm.Field, len(res.Columns)), RowDatas: make([]gm.RowData, len(res.Rows))}
	for i, c := range res.Columns {
		rs.Fields[i] = field(c)
	}
	for i, row := range res.Rows {
		if binaryRows {
			rs.RowDatas[i] = binaryRow(res.Columns, row)
		} else {
			rs.RowDatas[i] = textRow(res.Columns, row)
		}
	}
	return gm.NewResult(rs), nil
}

// field is a column definition packet.
func field(c proxy.Column) *gm.Field {
	f := &gm.Field{
		Schema: []byte(c.Schema), Table: []byte(c.Table), OrgTable: []byte(c.Table),
		Name: []byte(c.Name), OrgName: []byte(c.Name),
		Charset: charsetUTF8MB4, ColumnLength: c.Length, Type: c.Type, Flag: c.Flags, Decimal: c.Decimals,
	}
	if c.Binary {
		f.Charset = charsetBinary
		f.Flag |= uint16(mysql.BinaryFlag)
	}
	return f
}

func textRow(cols []proxy.Column, row []any) gm.RowData {
	var b []byte
	for i, v := range row {
		switch x := v.(type) {
		case nil:
			b = append(b, 0xfb)
		case []byte:
			b = gm.AppendLengthEncodedInteger(b, uint64(len(x)))
			b = append(b, x...)
		default:
			s := proxy.TextValue(cols[i], v)
			b = gm.AppendLengthEncodedInteger(b, uint64(len(s)))
			b = append(b, s...)
		}
	}
	return b
}

// binaryRow encodes a row of the binary protocol: a header byte, the NULL
// bitmap (offset by 2 bits) and each value in its type's fixed encoding.
func binaryRow(cols []proxy.Column, row []any) gm.RowData {
	nullMap := make([]byte, (len(cols)+7+2)/8)
	b := append([]byte{0}, nullMap...)
	for i, v := range row {
		if v == nil {
			b[1+(i+2)/8] |= 1 << ((i + 2) % 8)
			continue
		}
		b = appendBinaryValue(b, cols[i], v)
	}
	return b
}

func appendBinaryValue(b []byte, c proxy.Column, v any) []byte {
	switch c.Type {
	case mysql.TypeTiny:
		return append(b, byte(intValue(v)))
	case mysql.TypeShort, mysql.TypeYear:
		return binary.LittleEndian.AppendUint16(b, uint16(intValue(v)))
	case mysql.TypeInt24, mysql.TypeLong:
		return binary.LittleEndian.AppendUint32(b, uint32(intValue(v)))
	case mysql.TypeLonglong:
		return binary.LittleEndian.AppendUint64(b, intValue(v))
	case mysql.TypeFloat:
		return binary.LittleEndian.AppendUint32(b, math.Float32bits(float32(floatValue(v))))
	case mysql.TypeDouble:
		return binary.LittleEndian.AppendUint64(b, math.Float64bits(floatValue(v)))
	case mysql.TypeDate, mysql.TypeDatetime, mysql.TypeTimestamp, mysql.TypeNewDate:
		return appendBinaryDatetime(b, proxy.TextValue(c, v))
	case mysql.TypeDuration:
		return appendBinaryTime(b, proxy.TextValue(c, v))
	}
	var s []byte
	if raw, ok := v.([]byte); ok {
		s = raw
	} else {
		s = []byte(proxy.TextValue(c, v))
	}
	b = gm.AppendLengthEncodedInteger(b, uint64(len(s)))
	return append(b, s...)
}

// intValue returns the two's complement bits of an integer cell.
func intValue(v any) uint64 {
	switch x := v.(type) {
	case int64:
		return uint64(x)
	case uint64:
		return x
	case float64:
		return uint64(int64(x))
	}
	s := strings.TrimSpace(proxy.TextValue(proxy.Column{}, v))
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return uint64(n)
	}
	u, _ := strconv.ParseUint(s, 10, 64)
	return u
}

func floatValue(v any) float64 {
	switch x := v.(type) {
	case float64:
		return x
	case int64:
		return float64(x)
	case uint64:
		return float64(x)
	}
	f, _ := strconv.ParseFloat(strings.TrimSpace(proxy.TextValue(proxy.Column{}, v)), 64)
	return f
}

// appendBinaryDatetime encodes "YYYY-MM-DD[ hh:mm:ss[.ffffff]]" in the
// binary protocol's length-prefixed form.
func appendBinaryDatetime(b []byte, s string) []byte {
	var y, mo, d, h, mi, sec, us int
	date, clock, _ := strings.Cut(strings.TrimSpace(s), " ")
	parseInts(date, "-", &y, &mo, &d)
	whole, frac, _ := strings.Cut(clock, ".")
	parseInts(whole, ":", &h, &mi, &sec)
	us = micros(frac)
	var length byte
	switch {
	case us != 0:
		length = 11
	case h != 0 || mi != 0 || sec != 0:
		length = 7
	case y != 0 || mo != 0 || d != 0:
		length = 4
	}
	b = append(b, length)
	if length == 0 {
		return b
	}
	b = binary.LittleEndian.AppendUint16(b, uint16(y))
	b = append(b, byte(mo), byte(d))
	if length >= 7 {
		b = append(b, byte(h), byte(mi), byte(sec))
	}
	if length == 11 {
		b = binary.LittleEndian.AppendUint32(b, uint32(us))
	}
	return b
}

// appendBinaryTime encodes "[-]hhh:mm:ss[.ffffff]" (a TIME value).
func appendBinaryTime(b []byte, s string) []byte {
	s = strings.TrimSpace(s)
	neg := strings.HasPrefix(s, "-")
	whole, frac, _ := strings.Cut(strings.TrimPrefix(s, "-"), ".")
	var h, mi, sec int
	parseInts(whole, ":", &h, &mi, &sec)
	us := micros(frac)
	if h == 0 && mi == 0 && sec == 0 && us == 0 {
		return append(b, 0)
	}
	length := byte(8)
	if us != 0 {
		length = 12
	}
	b = append(b, length, byte(boolInt(neg)))
	b = binary.LittleEndian.AppendUint32(b, uint32(h/24))
	b = append(b, byte(h%24), byte(mi), byte(sec))
	if us != 0 {
		b = binary.LittleEndian.AppendUint32(b, uint32(us))
	}
	return b
}

func parseInts(s, sep string, dst ...*int) {
	for i, part := range strings.SplitN(s, sep, len(dst)) {
		*dst[i], _ = strconv.Atoi(strings.TrimSpace(part))
	}
}

// micros reads a fraction of a second ("5" = 500000 µs).
func micros(frac string) int {
	if frac == "" {
		return 0
	}
	frac = (frac + "000000")[:6]
	n, _ := strconv.Atoi(frac)
	return n
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
