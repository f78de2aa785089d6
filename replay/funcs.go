package replay

import (
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// Every function that reaches the local database in a write must give the
// same result on every node, every replay and every backend. Three kinds
// are accepted; anything else is refused before the chain with 1235.

// pinnedFuncs are replaced by literals by the engine (determinism.go)
// before the statement reaches a database: the time of the block, the
// transaction's database and user, seeded RAND() and UUID().
var pinnedFuncs = map[string]bool{
	"now": true, "current_timestamp": true, "localtime": true, "localtimestamp": true,
	"sysdate": true, "utc_timestamp": true, "curdate": true, "current_date": true, "utc_date": true,
	"curtime": true, "current_time": true, "utc_time": true, "unix_timestamp": true,
	"rand": true, "uuid": true, "database": true, "schema": true,
	"user": true, "current_user": true, "session_user": true, "system_user": true,
}

// deterministicFuncs depend only on their arguments in MySQL, MariaDB and
// the SQLite translation (drivers/sqlite: an SQLite builtin of the same
// meaning, or a function registered in Go).
var deterministicFuncs = map[string]bool{
	// strings
	"concat": true, "concat_ws": true, "lower": true, "lcase": true, "upper": true, "ucase": true,
	"length": true, "char_length": true, "character_length": true, "substring": true, "substr": true,
	"mid": true, "left": true, "right": true, "locate": true, "instr": true, "trim": true,
	"ltrim": true, "rtrim": true, "replace": true, "lpad": true, "rpad": true, "repeat": true,
	"reverse": true, "space": true, "hex": true, "md5": true, "sha1": true, "sha": true, "sha2": true, "crc32": true, "convert": true,
	"strcmp": true,
	// control flow
	"if": true, "ifnull": true, "nullif": true, "coalesce": true, "greatest": true, "least": true,
	// numbers
	"abs": true, "floor": true, "ceil": true, "ceiling": true, "round": true, "truncate": true,
	"mod": true, "pow": true, "power": true, "sqrt": true, "sign": true, "field": true,
	// dates (of a given value: the current time is pinned)
	"year": true, "month": true, "day": true, "dayofmonth": true, "hour": true, "minute": true,
	"second": true, "date_format": true, "date": true, "date_add": true, "adddate": true, "date_sub": true,
	"subdate": true, "timestampdiff": true, "timestampadd": true, "last_day": true, "datediff": true, "period_add": true, "period_diff": true, "to_base64": true, "from_base64": true, "dayofweek": true, "dayofyear": true,
}

// funcRefusal says why f cannot be used in a write, or "" if it can.
func funcRefusal(f *ast.FuncCallExpr) string {
	name := f.FnName.L
	if why, bad := nondeterministic[name]; bad {
		return "because " + why
	}
	if pinnedFuncs[name] || deterministicFuncs[name] {
		return ""
	}
	return "because it is not on blocksql's list of functions known to give the same result on every node " +
		"and every backend; compute the value in the client and send it as a literal or parameter"
}
