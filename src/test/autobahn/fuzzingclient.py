# Runs the Autobahn test suite's fuzzing client (bundled in the autobahntestsuite-maven-plugin
# jar) under Jython: jython fuzzingclient.py <autobahntestsuite jar> <spec.json>.
# The verdicts land in the spec's outdir (index.json); AutobahnIT reads them.
import sys

jar, spec = sys.argv[1], sys.argv[2]
sys.path.insert(0, jar)
from autobahntestsuite import wstest

sys.argv = ['wstest', '-m', 'fuzzingclient', '-s', spec]
wstest.run()
