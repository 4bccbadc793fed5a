import Torch
import CTurboJPEG
import CPNG
