# Shared by the cross toolchain files beside it: Debian's cross compiler for
# HEADLINER_CROSS_TRIPLE, the target's libraries from Debian's own packages
# installed through multiarch (`dpkg --add-architecture`, `apt-get install
# libcurl4-openssl-dev:arm64 …`), and qemu-user to run what was built.
# No sysroot: multiarch puts the target's libraries in /usr/lib/TRIPLE and its
# headers in /usr/include (shared) and /usr/include/TRIPLE, where Debian's cross
# compiler already looks. scripts/cross-test installs all of it.
set(CMAKE_SYSTEM_NAME Linux)

set(CMAKE_C_COMPILER ${HEADLINER_CROSS_TRIPLE}-gcc)
set(CMAKE_CXX_COMPILER ${HEADLINER_CROSS_TRIPLE}-g++)

# find_library and find_package(CONFIG) search /usr/lib/<this>, never the
# host's /usr/lib/<host triple>: pugixml, GTest and tomlplusplus ship their
# CMake packages per architecture; nlohmann_json's (header-only) is in
# /usr/share/cmake. Programs (pkg-config, qemu) are the host's.
set(CMAKE_LIBRARY_ARCHITECTURE ${HEADLINER_CROSS_TRIPLE})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)

# pkg-config reads the target's .pc files only (utf8proc, tomlplusplus,
# sqlite3, and libcurl's for FindCURL), whatever the caller's environment says.
set(ENV{PKG_CONFIG_LIBDIR} "/usr/lib/${HEADLINER_CROSS_TRIPLE}/pkgconfig:/usr/share/pkgconfig")
set(ENV{PKG_CONFIG_PATH} "")

# ctest, gtest_discover_tests and the end-to-end tests (HEADLINER_TEST_EMULATOR
# in tests/CMakeLists.txt) run the target's programs through qemu-user, no
# binfmt_misc needed. The target's C library comes from multiarch (libc6:arm64
# …, a dependency of the -dev packages), at the paths its programs ask for;
# QEMU_LD_PREFIX in the environment still overrides that, as qemu documents.
find_program(HEADLINER_QEMU ${HEADLINER_CROSS_QEMU})
if(HEADLINER_QEMU)
  set(CMAKE_CROSSCOMPILING_EMULATOR ${HEADLINER_QEMU})
endif()
