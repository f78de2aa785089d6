package mysql

import (
	"encoding/binary"
	"fmt"
	"strconv"

	gm "github.com/go-mysql-org/go-mysql/mysql"

	"github.com/blocksql/blocksql/consensus"
	"github.com/blocksql/blocksql/drivers"
)

// bindParams converts the values go-mysql decoded from COM_STMT_EXECUTE
// into the session's parameter values.
func bindParams(args []any) ([]consensus.Value, error) {
	out := make([]consensus.Value, len(args))
	for i, a := range args {
		v, err := paramValue(a)
		if err != nil {
			return nil, drivers.Errorf(1210, "HY000", "Incorrect arguments to mysqld_stmt_execute: parameter %d: %v", i+1, err)
		}
		out[i] = v
	}
	return out, nil
}

func paramValue(a any) (consensus.Value, error) {
	switch x := a.(type) {
	case nil:
		return consensus.Value{Kind: consensus.KindNull}, nil
	case int8:
		return intParam(int64(x)), nil
	case int16:
		return intParam(int64(x)), nil
	case int32:
		return intParam(int64(x)), nil
	case int64:
		return intParam(x), nil
	case uint8:
		return uintParam(uint64(x)), nil
	case uint16:
		return uintParam(uint64(x)), nil
	case uint32:
		return uintParam(uint64(x)), nil
	case uint64:
		return uintParam(x), nil
	case float32:
		// Through its shortest decimal form, so 0.1f binds as 0.1.
		f, _ := strconv.ParseFloat(strconv.FormatFloat(float64(x), 'g', -1, 32), 64)
		return consensus.Value{Kind: consensus.KindFloat, Float: f}, nil
	case float64:
		return consensus.Value{Kind: consensus.KindFloat, Float: x}, nil
	case []byte: // COM_STMT_SEND_LONG_DATA
		return consensus.Value{Kind: consensus.KindBytes, Bytes: append([]byte(nil), x...)}, nil
	case gm.TypedBytes:
		return typedParam(x), nil
	}
	return consensus.Value{}, fmt.Errorf("unsupported value type %T", a)
}

func intParam(n int64) consensus.Value   { return consensus.Value{Kind: consensus.KindInt, Int: n} }
func uintParam(n uint64) consensus.Value { return consensus.Value{Kind: consensus.KindUint, Uint: n} }

// typedParam decodes length-encoded parameters: BLOBs stay bytes, dates
// and times arrive in binary form and become MySQL text, the rest is text.
func typedParam(t gm.TypedBytes) consensus.Value {
	switch t.Type {
	case gm.MYSQL_TYPE_TINY_BLOB, gm.MYSQL_TYPE_MEDIUM_BLOB, gm.MYSQL_TYPE_LONG_BLOB, gm.MYSQL_TYPE_BLOB:
		return consensus.Value{Kind: consensus.KindBytes, Bytes: append([]byte(nil), t.Bytes...)}
	case gm.MYSQL_TYPE_DATE, gm.MYSQL_TYPE_NEWDATE, gm.MYSQL_TYPE_DATETIME, gm.MYSQL_TYPE_TIMESTAMP:
		return stringParam(decodeDatetime(t.Type, t.Bytes))
	case gm.MYSQL_TYPE_TIME:
		return stringParam(decodeTime(t.Bytes))
	}
	return consensus.Value{Kind: consensus.KindString, Bytes: append([]byte(nil), t.Bytes...)}
}

func stringParam(s string) consensus.Value {
	return consensus.Value{Kind: consensus.KindString, Bytes: []byte(s)}
}

// decodeDatetime reads the binary DATE/DATETIME payload (without its
// length byte, which go-mysql consumed).
func decodeDatetime(tp byte, b []byte) string {
	if len(b) < 4 {
		if tp == gm.MYSQL_TYPE_DATE {
			return "0000-00-00"
		}
		return "0000-00-00 00:00:00"
	}
	date := fmt.Sprintf("%04d-%02d-%02d", binary.LittleEndian.Uint16(b), b[2], b[3])
	if tp == gm.MYSQL_TYPE_DATE || tp == gm.MYSQL_TYPE_NEWDATE {
		return date
	}
	var h, m, s byte
	if len(b) >= 7 {
		h, m, s = b[4], b[5], b[6]
	}
	out := fmt.Sprintf("%s %02d:%02d:%02d", date, h, m, s)
	if len(b) >= 11 {
		out += fmt.Sprintf(".%06d", binary.LittleEndian.Uint32(b[7:]))
	}
	return out
}

// decodeTime reads the binary TIME payload: sign, days, h, m, s, µs.
func decodeTime(b []byte) string {
	if len(b) < 8 {
		return "00:00:00"
	}
	sign := ""
	if b[0] == 1 {
		sign = "-"
	}
	hours := binary.LittleEndian.Uint32(b[1:])*24 + uint32(b[5])
	out := fmt.Sprintf("%s%02d:%02d:%02d", sign, hours, b[6], b[7])
	if len(b) >= 12 {
		out += fmt.Sprintf(".%06d", binary.LittleEndian.Uint32(b[8:]))
	}
	return out
}
