# Sourced by the client scripts: start_node starts a throw-away single
# blocksql node (SQLite) on free loopback ports and sets NODE_PORT; the
# node is stopped and its home removed when the calling script exits.
BLOCKSQL_BIN=${BLOCKSQL_BIN:-bin/blocksql}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

start_node() {
  NODE_HOME=$(mktemp -d)
  NODE_PORT=$(free_port)
  local p2p
  p2p=$(free_port)
  "$BLOCKSQL_BIN" init --home "$NODE_HOME" --mysql-listen "127.0.0.1:$NODE_PORT" \
    --p2p "tcp://127.0.0.1:$p2p" >/dev/null
  "$BLOCKSQL_BIN" start --home "$NODE_HOME" >"$NODE_HOME/node.log" 2>&1 &
  NODE_PID=$!
  trap 'kill $NODE_PID 2>/dev/null; wait $NODE_PID 2>/dev/null; rm -rf "$NODE_HOME"' EXIT
  for _ in $(seq 1 100); do
    mariadb --no-defaults -h 127.0.0.1 -P "$NODE_PORT" -u root -e 'SELECT 1' >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  echo "blocksql node did not start; log:" >&2
  cat "$NODE_HOME/node.log" >&2
  return 1
}

# start_pg_node DSN starts a throw-away postgres-dialect node applying to the
# PostgreSQL database DSN names (or, for DSN "sqlite", to SQLite in its
# home) and sets NODE_PORT (its PostgreSQL port); stop_node stops it and
# removes its home.
start_pg_node() {
  NODE_HOME=$(mktemp -d)
  NODE_PORT=$(free_port)
  local p2p backend=(--driver postgres --dsn "$1")
  [ "$1" = sqlite ] && backend=()
  p2p=$(free_port)
  "$BLOCKSQL_BIN" init --home "$NODE_HOME" --dialect postgres "${backend[@]}" \
    --postgres-listen "127.0.0.1:$NODE_PORT" --p2p "tcp://127.0.0.1:$p2p" --metrics-listen "" >/dev/null
  "$BLOCKSQL_BIN" start --home "$NODE_HOME" >"$NODE_HOME/node.log" 2>&1 &
  NODE_PID=$!
  trap stop_node EXIT
  for _ in $(seq 1 100); do
    PGPASSWORD= psql -X -h 127.0.0.1 -p "$NODE_PORT" -U postgres -d app -c 'SELECT 1' >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  echo "blocksql node did not start; log:" >&2
  cat "$NODE_HOME/node.log" >&2
  return 1
}

stop_node() {
  kill "$NODE_PID" 2>/dev/null
  wait "$NODE_PID" 2>/dev/null
  rm -rf "$NODE_HOME"
}

node_sql() {
  mariadb --no-defaults -h 127.0.0.1 -P "$NODE_PORT" -u root -e "$1"
}
