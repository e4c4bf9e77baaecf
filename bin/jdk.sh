# Sourced by ./vmsh and ./test: finds a JDK 21 or newer without being told where.
#
#   vmsh_find_jdk   sets VMSH_JAVA_HOME and VMSH_JAVA_MAJOR, or prints why not and fails
#
# Order: $JAVA_HOME if new enough, then the `java` on PATH, then the newest of
# /usr/lib/jvm/*. Versions come from the JDK's `release` file, so no JVM is started.

VMSH_MIN_JAVA=21

# The feature version (17, 21, 25) of the JDK at $1, or nothing if it is not a JDK.
vmsh_jdk_major() {
    local home=$1 version=
    [[ -x $home/bin/java && -x $home/bin/javac ]] || return 0
    if [[ -r $home/release ]]; then
        version=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$home/release")
    fi
    if [[ -z $version ]]; then
        version=$("$home/bin/java" -version 2>&1 | sed -n '1s/.*version "\([^"]*\)".*/\1/p')
    fi
    version=${version#1.}          # 1.8.0 -> 8.0.
    echo "${version%%[.+-]*}"
}

vmsh_find_jdk() {
    local candidates=() home major java_on_path
    [[ -n ${JAVA_HOME:-} ]] && candidates+=("$JAVA_HOME")
    if java_on_path=$(command -v java 2>/dev/null); then
        candidates+=("$(dirname "$(dirname "$(readlink -f "$java_on_path")")")")
    fi
    local jvms=()
    for home in /usr/lib/jvm/*; do
        [[ -L $home ]] && continue      # Debian's aliases point at the real folders
        major=$(vmsh_jdk_major "$home")
        [[ -n $major ]] && jvms+=("$major $home")
    done
    if ((${#jvms[@]})); then
        while read -r _ home; do candidates+=("$home"); done < <(printf '%s\n' "${jvms[@]}" | sort -rn)
    fi
    for home in "${candidates[@]}"; do
        major=$(vmsh_jdk_major "$home")
        if [[ -n $major ]] && ((major >= VMSH_MIN_JAVA)); then
            VMSH_JAVA_HOME=$home
            VMSH_JAVA_MAJOR=$major
            return 0
        fi
    done
    echo "vmsh: needs a JDK $VMSH_MIN_JAVA or newer; none found in JAVA_HOME (${JAVA_HOME:-unset}), on PATH, or in /usr/lib/jvm" >&2
    echo "vmsh: install one (e.g. Temurin 25) or point JAVA_HOME at it" >&2
    return 1
}

# Options that keep a JDK 24+ quiet about what GraalJS and JLine do (native access, Unsafe).
vmsh_quiet_jvm_flags() {
    local flags=()
    ((VMSH_JAVA_MAJOR >= 22)) && flags+=(--enable-native-access=ALL-UNNAMED)
    ((VMSH_JAVA_MAJOR >= 23)) && flags+=(--sun-misc-unsafe-memory-access=allow)
    echo "${flags[@]}"
}
