# Shared by the HTTP benchmarks (sourced): starts `$binary serve --demo` on a free loopback port
# over a SQLite file in $work, with any extra serve arguments; sets $server (the pid) and $base
# (http://127.0.0.1:PORT) once the server answers.
start_demo_server() {
  : >"$work/server.log"
  "$binary" serve --demo --db "sqlite:$work/bench.db" --listen 127.0.0.1:0 "$@" >"$work/server.log" 2>&1 &
  server=$!
  for _ in $(seq 1 100); do
    grep -q "http://127.0.0.1:" "$work/server.log" 2>/dev/null && break
    sleep 0.2
  done
  base=$(grep -o 'http://127.0.0.1:[0-9]*' "$work/server.log" | head -n1)
}
