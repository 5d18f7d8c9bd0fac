#!/usr/bin/env bash
# Machine instructions per operation of the InstructionCount workloads, counted by valgrind's
# callgrind (for machines whose perf has no hardware counters). Each workload runs twice after the
# same warm-up, with FEW and with MANY operations; (total(MANY) - total(FEW)) / (MANY - FEW) is the
# count of one operation, start-up and compilation cancelled out. Prints a Markdown table, with
# the count less the baseline's (the loop and the blackhole). Two runs at a time, under a minute
# per workload.
#
#   context-benchmarks/count-instructions.sh                    # every workload
#   JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java context-benchmarks/count-instructions.sh get.contextVar get.grpc
set -euo pipefail

jar=${JAR:-context-benchmarks/target/benchmarks.jar}
java=${JAVA:-java}
few=${FEW:-1000000}
many=${MANY:-11000000}
command -v valgrind > /dev/null || { echo "valgrind is not installed" >&2; exit 1; }

total() { # workload operations -> instructions of the whole run
  valgrind --tool=callgrind --smc-check=all --callgrind-out-file=/dev/null \
      "$java" -Xbatch -XX:+UnlockDiagnosticVMOptions -XX:-ImplicitNullChecks \
      -cp "$jar" org.contextvars.benchmarks.InstructionCount "$1" "$2" 2>&1 |
    awk -v w="$1" '/Collected :/ { n = $NF } /operations after the warm-up/ { ran = 1 }
        END { if (!ran || n == "") { print w " did not run to the end" > "/dev/stderr"; exit 1 } print n }'
}

per_operation() { # workload -> instructions per operation, two decimals
  local a b
  a=$(mktemp) b=$(mktemp)
  total "$1" "$few" > "$a" &
  local first=$!
  total "$1" "$many" > "$b" &
  wait "$first" && wait $! || { rm -f "$a" "$b"; exit 1; }
  awk -v x="$(cat "$a")" -v y="$(cat "$b")" -v d=$((many - few)) 'BEGIN { printf "%.2f", (y - x) / d }'
  rm -f "$a" "$b"
}

if [ $# -eq 0 ]; then
  set -- $("$java" -cp "$jar" org.contextvars.benchmarks.InstructionCount 2>&1 |
    sed -n 's/.*workloads: //p' | tr -d ',')
fi
baseline=$(per_operation baseline)
echo "$("$java" -version 2>&1 | head -1); $(date -u +%F)"
echo
echo "| workload | instructions per operation | less the baseline ($baseline) |"
echo "|---|---:|---:|"
for workload in "$@"; do
  [ "$workload" = baseline ] && continue
  n=$(per_operation "$workload")
  echo "| $workload | $n | $(awk -v n="$n" -v b="$baseline" 'BEGIN { printf "%.2f", n - b }') |"
done
