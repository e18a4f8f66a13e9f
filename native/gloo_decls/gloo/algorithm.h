// See README.md: a stand-in for gloo's header, declarations only.
#pragma once
