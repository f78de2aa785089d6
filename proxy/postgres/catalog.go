package postgres

import (
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/blocksql/blocksql/consensus"
	"github.com/blocksql/blocksql/drivers"
)

// psql's \l and \du list databases and roles, which are blocksql's, not the
// local database's: a node serves one database under whatever name the
// client gives, and its users are the node's [users], none a superuser or a
// member of a role. So the frontend answers these two catalog queries itself,
// on every backend (a PostgreSQL node's server would list its own databases
// and roles), and they print the same on every node. psql 15's texts are
// known by their fingerprint (pg_query's, which ignores constants).

// sessionQuery is a catalog query answered from the session.
type sessionQuery struct {
	text   string
	names  []string
	oids   []uint32
	answer func(s drivers.PGSession) [][]string
}

const (
	oidBool, oidName, oidText, oidInt4, oidTimestamptz, oidNameArray = 16, 19, 25, 23, 1184, 1003
)

var sessionQueries = []*sessionQuery{
	{ // \l
		text: `SELECT d.datname as "Name",
       pg_catalog.pg_get_userbyid(d.datdba) as "Owner",
       pg_catalog.pg_encoding_to_char(d.encoding) as "Encoding",
       d.datcollate as "Collate",
       d.datctype as "Ctype",
       d.daticulocale as "ICU Locale",
       CASE d.datlocprovider WHEN 'c' THEN 'libc' WHEN 'i' THEN 'icu' END AS "Locale Provider",
       pg_catalog.array_to_string(d.datacl, E'\n') AS "Access privileges"
FROM pg_catalog.pg_database d
ORDER BY 1`,
		names: []string{"Name", "Owner", "Encoding", "Collate", "Ctype", "ICU Locale", "Locale Provider", "Access privileges"},
		oids:  []uint32{oidName, oidName, oidName, oidText, oidText, oidText, oidText, oidText},
		answer: func(s drivers.PGSession) [][]string {
			return [][]string{{s.Database, "postgres", "UTF8", "C", "C", nullCell, "libc", nullCell}}
		},
	},
	{ // \du
		text: `SELECT r.rolname, r.rolsuper, r.rolinherit,
  r.rolcreaterole, r.rolcreatedb, r.rolcanlogin,
  r.rolconnlimit, r.rolvaliduntil,
  ARRAY(SELECT b.rolname
        FROM pg_catalog.pg_auth_members m
        JOIN pg_catalog.pg_roles b ON (m.roleid = b.oid)
        WHERE m.member = r.oid) as memberof
, r.rolreplication
, r.rolbypassrls
FROM pg_catalog.pg_roles r
WHERE r.rolname !~ '^pg_'
ORDER BY 1`,
		names: []string{"rolname", "rolsuper", "rolinherit", "rolcreaterole", "rolcreatedb", "rolcanlogin", "rolconnlimit",
			"rolvaliduntil", "memberof", "rolreplication", "rolbypassrls"},
		oids: []uint32{oidName, oidBool, oidBool, oidBool, oidBool, oidBool, oidInt4, oidTimestamptz, oidNameArray, oidBool, oidBool},
		answer: func(s drivers.PGSession) [][]string {
			var rows [][]string
			for _, u := range s.Users {
				rows = append(rows, []string{u, "f", "t", "f", "f", "t", "-1", nullCell, "{}", "f", "f"})
			}
			return rows
		},
	},
}

// nullCell stands for NULL in a session query's rows.
const nullCell = "\x00null"

var sessionKnown = drivers.PGKnownQueries[*sessionQuery]{
	Known: func() []*sessionQuery { return sessionQueries },
	Text:  func(q *sessionQuery) string { return q.text },
}

// sessionQueryFor is the session catalog query text is, nil if none.
func sessionQueryFor(text string) *sessionQuery {
	if !strings.Contains(text, "pg_catalog.pg_database") && !strings.Contains(text, "pg_catalog.pg_roles") {
		return nil // most reads: no parse
	}
	q, _ := sessionKnown.Find(text)
	return q
}

// description is the query's result description.
func (q *sessionQuery) description() *pgconn.StatementDescription {
	d := &pgconn.StatementDescription{}
	for i, name := range q.names {
		d.Fields = append(d.Fields, pgconn.FieldDescription{Name: name, DataTypeOID: q.oids[i], DataTypeSize: -1, TypeModifier: -1})
	}
	return d
}

// answerSession sends the query's rows for this session.
func (c *conn) answerSession(q *sessionQuery, p *portal, simple bool) error {
	r := &consensus.Returned{Names: q.names, OIDs: q.oids}
	for _, row := range q.answer(c.session()) {
		cells := make([][]byte, len(row))
		for i, v := range row {
			if v != nullCell {
				cells[i] = []byte(v)
			}
		}
		r.Rows = append(r.Rows, cells)
	}
	if err := c.sendReturned(p, simple, r); err != nil {
		return err
	}
	c.be.Send(&pgproto3.CommandComplete{CommandTag: []byte("SELECT " + strconv.Itoa(len(r.Rows)))})
	return nil
}
