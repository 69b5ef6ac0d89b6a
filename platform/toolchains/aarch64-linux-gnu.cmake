# 64-bit ARM (arm64, ARMv8-A): Raspberry Pi 3, 4, 5 and Zero 2 W on 64-bit
# Raspberry Pi OS or Debian arm64. `cmake --preset cross-arm64`, or
# scripts/cross-test arm64, which installs the compiler, qemu-user and the
# arm64 -dev packages first.
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(HEADLINER_CROSS_TRIPLE aarch64-linux-gnu)
set(HEADLINER_CROSS_QEMU qemu-aarch64)
set(HEADLINER_DEB_ARCH arm64)
include(${CMAKE_CURRENT_LIST_DIR}/debian-multiarch.cmake)
