# Sourced by ./vmsh and ./test: finds a JDK 21 or newer without being told where.
#
#   vmsh_find_jdk   sets VMSH_JAVA_HOME and VMSH_JAVA_MAJOR, or prints why not and fails
#
# Order: $JAVA_HOME if new enough, then the `java` on PATH, then the newest of
# /usr/lib/jvm/*. Versions come from the JDK's `release` file, read by bash itself: this
# runs on every start of vmsh, where each program started costs milliseconds.

VMSH_MIN_JAVA=21

# Sets vmsh_major to the feature version (17, 21, 25) of the JDK at $1, or to nothing if it is not a JDK.
vmsh_read_major() {
    local home=$1 version= line
    vmsh_major=
    [[ -x $home/bin/java && -x $home/bin/javac ]] || return 0
    if [[ -r $home/release ]]; then
        while IFS= read -r line; do
            if [[ $line =~ ^JAVA_VERSION=\"([^\"]*)\" ]]; then
                version=${BASH_REMATCH[1]}
                break
            fi
        done <"$home/release"
    fi
    if [[ -z $version && $("$home/bin/java" -version 2>&1) =~ version\ \"([^\"]*)\" ]]; then
        version=${BASH_REMATCH[1]}
    fi
    version=${version#1.}          # 1.8.0 -> 8.0.
    vmsh_major=${version%%[.+-]*}
}

# The feature version of the JDK at $1 on stdout (for callers that want it printed).
vmsh_jdk_major() {
    vmsh_read_major "$1"
    echo "$vmsh_major"
}

# True (and VMSH_JAVA_HOME, VMSH_JAVA_MAJOR set) when the JDK at $1 is new enough.
vmsh_accept_jdk() {
    vmsh_read_major "$1"
    [[ -n $vmsh_major ]] && ((vmsh_major >= VMSH_MIN_JAVA)) || return 1
    VMSH_JAVA_HOME=$1
    VMSH_JAVA_MAJOR=$vmsh_major
}

vmsh_find_jdk() {
    local home java_on_path best= best_major=0
    [[ -n ${JAVA_HOME:-} ]] && vmsh_accept_jdk "$JAVA_HOME" && return 0
    if java_on_path=$(type -P java); then
        java_on_path=$(readlink -f "$java_on_path")
        vmsh_accept_jdk "${java_on_path%/bin/java}" && return 0
    fi
    for home in /usr/lib/jvm/*; do
        [[ -L $home ]] && continue      # Debian's aliases point at the real folders
        vmsh_read_major "$home"
        if [[ -n $vmsh_major ]] && ((vmsh_major > best_major)); then
            best=$home
            best_major=$vmsh_major
        fi
    done
    [[ -n $best ]] && vmsh_accept_jdk "$best" && return 0
    echo "vmsh: needs a JDK $VMSH_MIN_JAVA or newer; none found in JAVA_HOME (${JAVA_HOME:-unset}), on PATH, or in /usr/lib/jvm" >&2
    echo "vmsh: install one (e.g. Temurin 25) or point JAVA_HOME at it" >&2
    return 1
}

# Options that keep a JDK 24+ quiet about what GraalJS and JLine do (native access, Unsafe):
# appended to the array named $1.
vmsh_quiet_jvm_flags() {
    local -n into=$1
    ((VMSH_JAVA_MAJOR >= 22)) && into+=(--enable-native-access=ALL-UNNAMED)
    ((VMSH_JAVA_MAJOR >= 23)) && into+=(--sun-misc-unsafe-memory-access=allow)
    return 0
}
