#!/usr/bin/env bash
# The suite-wide personal-data check (issue 10, Law 91/2025/QH15): no CCCD, phone number or e-mail address used in a
# test input may appear in any log line that a test host wrote. Test hosts append their log lines (Debug and up, with
# scopes and exceptions) to files under ASSISTANT_TEST_LOG_DIR (tests/Assistant.Bot.Tests/Infrastructure/TestLogCapture.cs);
# test.sh sets that folder, runs the tests, then this script.
#
#   scripts/check-test-logs.sh LOG_DIR          exit 0: clean · 1: a value leaked (file:line and value printed) · 2: no lines captured
#
# The values are collected from the inputs themselves (tests/** and eval/**: C#, JSON, JSON lines, JavaScript, text), so a
# new test that sends a new number is covered without a list to maintain. Numbers are compared as digits (a log that
# writes "001 203 012 345" for an input "001203012345" is caught), e-mail addresses case-insensitively.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:?usage: scripts/check-test-logs.sh LOG_DIR}
if [ ! -d "$dir" ] || [ -z "$(find "$dir" -name '*.log' -size +0 -print -quit)" ]; then
  echo "check-test-logs: no captured log lines under $dir: the capture did not run, so nothing was checked" >&2
  exit 2
fi
values=$(mktemp)
trap 'rm -f "$values"' EXIT
find tests eval -type d \( -name bin -o -name obj -o -name node_modules \) -prune -o -type f \
  \( -name '*.cs' -o -name '*.json' -o -name '*.jsonl' -o -name '*.js' -o -name '*.txt' -o -name '*.md' \) -print0 |
  xargs -0 perl -CSD -ne '
    # CCCD: 12 digits whose first three are a province code (001-096), spaced or dotted in groups of three or not.
    while (/(?<![\d\/.,])(0(?:0[1-9]|[1-8]\d|9[0-6])[ .]?\d{3}[ .]?\d{3}[ .]?\d{3})(?![\d\/])/g) { (my $v = $1) =~ s/\D//g; print "id\t$v\n"; }
    # Vietnamese mobile numbers: 0 or +84, then 3/5/7/8/9 and eight digits, with spaces, dots or dashes.
    while (/(?<![\d\/.,\w])((?:\+84|0)[ .-]?[35789](?:[ .-]?\d){8})(?![\d\/])/g) { (my $v = $1) =~ s/^\+84/0/; $v =~ s/\D//g; print "id\t$v\n"; }
    while (/([A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})/g) { print "mail\t", lc($1), "\n"; }
  ' | sort -u > "$values"
count=$(wc -l < "$values")
lines=$(find "$dir" -name '*.log' -exec cat {} + | wc -l)
echo "check-test-logs: $count values from test inputs, $lines captured log lines in $dir"
set +e
find "$dir" -name '*.log' -print0 | sort -z | xargs -0 perl -CSD -e '
  my ($file) = shift @ARGV; my (%ids, %mails);
  open my $v, "<:encoding(UTF-8)", $file or die; while (<$v>) { chomp; my ($k, $x) = split /\t/; if ($k eq "id") { $ids{$x} = 1 } else { $mails{$x} = 1 } } close $v;
  my $leaks = 0;
  for my $log (@ARGV) {
    open my $in, "<:encoding(UTF-8)", $log or die "$log: $!";
    while (my $line = <$in>) {
      my $joined = $line; 1 while $joined =~ s/(\d)[ .-](\d)/$1$2/g; $joined =~ s/\+84(?=[35789]\d{8}(?!\d))/0/g;
      my @hit = grep { $joined =~ /(?<!\d)\Q$_\E(?!\d)/ } keys %ids;
      my $lc = lc $line; push @hit, grep { index($lc, $_) >= 0 } keys %mails;
      for my $h (@hit) { print STDERR "$log:$.: personal data from a test input in a log line: $h\n"; $leaks++; }
    }
    close $in;
  }
  exit($leaks ? 1 : 0);
' "$values"
status=$?
set -e
if [ "$status" -ne 0 ]; then
  echo "check-test-logs: FAILED: personal data from test inputs reached the logs (lines above)" >&2
  exit 1
fi
echo "check-test-logs: no CCCD, phone number or e-mail address from the test inputs in the captured logs"
